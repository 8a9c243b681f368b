/**
 * The service catalogue: which FindTreatment.gov service codes and service texts mean which of the
 * categories rxsafety filters on.
 *
 * Origin: written from SAMHSA's locator front end as captured in findtreatment_codes_cc0.json
 * (github.com/CBHSQ/findtreatment, commit 2d936f1, src/utils/{filters,services,constants}.js, CC0-1.0 /
 * US Government work) and the FindTreatment.gov API documentation v1.9 (2025-01-15, public domain).
 * `codes` are the short codes of the bulk export's 0/1 columns and of the locator's filters (languages
 * drop the locator's "-Name" suffix: "SP-Spanish" → SP); `texts` are the service phrases the locator
 * API puts in `services[].f3` and the plain exports list in their services column (compared case-
 * insensitively, whole phrase only, so "Adult men" never counts as "Adults").
 * These are facts about a public directory's vocabulary, not clinical claims.
 */

export const categories = ['care', 'setting', 'mat', 'payment', 'language', 'age'] as const;
export type Category = (typeof categories)[number];

export interface ServiceValue {
  id: string;
  label: string;
  codes: readonly string[];
  texts: readonly string[];
}

export const categoryLabels: Record<Category, string> = {
  care: 'Type of care',
  setting: 'Setting',
  mat: 'Medication for opioid or alcohol use disorder',
  payment: 'Payment',
  language: 'Language',
  age: 'Ages served',
};

const language = (code: string, label: string, ...texts: string[]): ServiceValue => ({
  id: label.toLowerCase().replace(/^any (\w+) language$/, '$1').replace(/[^a-z0-9]+/g, '-'),
  label,
  codes: [code],
  texts: [label, ...texts],
});

export const serviceCatalogue: Record<Category, readonly ServiceValue[]> = {
  care: [
    { id: 'substance-use', label: 'Substance use treatment', codes: ['SA', 'SUMH'], texts: ['Substance use treatment', 'Substance abuse treatment', 'Substance treatment services'] },
    { id: 'mental-health', label: 'Mental health treatment', codes: ['MH'], texts: ['Mental health treatment', 'Mental health treatment services'] },
    {
      id: 'co-occurring',
      label: 'Co-occurring mental health and substance use treatment',
      codes: ['CO'],
      texts: [
        'Co-occurring mental health and substance use treatment',
        'Treatment for co-occurring serious mental health illness/serious emotional disturbance and substance use disorders',
        'Treatment for co-occurring substance use plus either serious mental health illness in adults/serious emotional disturbance in children',
      ],
    },
    { id: 'interim-care', label: 'Interim care', codes: ['ISC'], texts: ['Interim care', 'Interim services for clients'] },
    { id: 'transitional-housing', label: 'Transitional housing', codes: ['HH'], texts: ['Transitional housing', 'Transitional housing, halfway house, or sober home'] },
    {
      id: 'telemedicine',
      label: 'Telemedicine',
      codes: ['TELE'],
      texts: ['Telemedicine', 'Telemedicine/telehealth', 'Telemedicine/telehealth therapy', 'Computerized treatment/telemedicine'],
    },
  ],
  setting: [
    {
      id: 'detox',
      label: 'Detox',
      codes: ['DT'],
      texts: ['Detox', 'Detoxification', 'Residential detoxification', 'Outpatient detoxification', 'Hospital inpatient detoxification'],
    },
    {
      id: 'hospital-inpatient',
      label: 'Hospital inpatient',
      codes: ['HI'],
      texts: ['Hospital inpatient', 'Hospital inpatient/24-hour hospital inpatient', 'Hospital inpatient treatment'],
    },
    {
      id: 'residential',
      label: 'Residential',
      codes: ['RES'],
      texts: ['Residential', 'Residential/24-hour residential', 'Short-term residential', 'Long-term residential'],
    },
    {
      id: 'outpatient',
      label: 'Outpatient',
      codes: ['OP'],
      texts: [
        'Outpatient',
        'Regular outpatient treatment',
        'Intensive outpatient treatment',
        'Outpatient day treatment or partial hospitalization',
        'Outpatient methadone/buprenorphine or naltrexone treatment',
      ],
    },
  ],
  mat: [
    { id: 'methadone', label: 'Methadone', codes: ['METH'], texts: ['Methadone', 'Methadone used in Treatment', 'Methadone maintenance'] },
    {
      id: 'buprenorphine',
      label: 'Buprenorphine',
      codes: ['BU'],
      texts: ['Buprenorphine', 'Buprenorphine used in Treatment', 'Prescribes buprenorphine', 'Prescribes/administers buprenorphine', 'Buprenorphine maintenance'],
    },
    {
      id: 'naltrexone',
      label: 'Naltrexone',
      codes: ['NU'],
      texts: ['Naltrexone', 'Naltrexone used in Treatment', 'Prescribes naltrexone', 'Prescribes/administers naltrexone', 'Naltrexone (oral)', 'Naltrexone (extended-release, injectable)'],
    },
  ],
  payment: [
    { id: 'medicaid', label: 'Medicaid', codes: ['MD'], texts: ['Medicaid'] },
    { id: 'medicare', label: 'Medicare', codes: ['MC'], texts: ['Medicare'] },
    { id: 'private-insurance', label: 'Private health insurance', codes: ['PI'], texts: ['Private health insurance'] },
    {
      id: 'sliding-scale',
      label: 'Sliding fee scale',
      codes: ['SS'],
      texts: ['Sliding fee scale', 'Sliding fee scale (fee is based on income and other factors)'],
    },
    { id: 'free', label: 'Free or no-cost care', codes: ['NP'], texts: ['Free or no-cost care', 'No payment accepted'] },
    {
      id: 'payment-assistance',
      label: 'Payment assistance available',
      codes: ['PA'],
      texts: ['Payment assistance available', 'Payment assistance (check with facility for details)'],
    },
    { id: 'self-pay', label: 'Cash or self-payment', codes: ['SF'], texts: ['Cash or self-payment'] },
    {
      id: 'military-insurance',
      label: 'Military insurance (e.g. TRICARE)',
      codes: ['MI'],
      texts: ['Military insurance (e.g., TRICARE)', 'Federal military insurance (e.g., TRICARE)'],
    },
    { id: 'itu-funds', label: 'IHS/Tribal/Urban (ITU) funds', codes: ['ITU'], texts: ['IHS/Tribal/Urban (ITU) funds'] },
  ],
  language: [
    language('SP', 'Spanish'),
    language('AH', 'Sign language', 'Services for the deaf and hard of hearing', 'Sign language services for the deaf and hard of hearing'),
    language('F4', 'Arabic'),
    language('F17', 'Any Chinese Language'),
    language('F19', 'Creole'),
    language('F25', 'Farsi'),
    language('F28', 'French'),
    language('F30', 'German'),
    language('F31', 'Greek'),
    language('F35', 'Hebrew'),
    language('F36', 'Hindi'),
    language('F37', 'Hmong'),
    language('N13', 'Hopi'),
    language('F42', 'Italian'),
    language('F43', 'Japanese'),
    language('F47', 'Korean'),
    language('N18', 'Lakota'),
    language('N23', 'Navajo'),
    language('N24', 'Ojibwa'),
    language('F66', 'Polish'),
    language('F67', 'Portuguese'),
    language('F70', 'Russian'),
    language('F81', 'Tagalog'),
    language('F92', 'Vietnamese'),
    language('N40', 'Yupik'),
  ],
  age: [
    {
      id: 'adults',
      label: 'Adults (18 and older)',
      codes: ['ADLT', 'YAD', 'SNR'],
      texts: ['Adults', 'Young adults', 'Seniors (65 or older)', 'Seniors or older adults'],
    },
    { id: 'youth', label: 'Youth (under 18)', codes: ['CHLD', 'ADOL'], texts: ['Children/adolescents', 'Adolescents', 'Youth (under 18)'] },
  ],
};

export type Services = Record<Category, string[]>;

export function emptyServices(): Services {
  return { care: [], setting: [], mat: [], payment: [], language: [], age: [] };
}

const byCode = new Map<string, { category: Category; id: string }>();
const byText = new Map<string, { category: Category; id: string }>();
for (const category of categories) {
  for (const value of serviceCatalogue[category]) {
    for (const code of value.codes) byCode.set(code.toUpperCase(), { category, id: value.id });
    for (const text of value.texts) byText.set(normaliseText(text), { category, id: value.id });
  }
}

function normaliseText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** True when a bulk-export column header is a service code rxsafety knows. */
export function isServiceCode(code: string): boolean {
  return byCode.has(code.trim().toUpperCase());
}

/** Builds the categories from the service codes a facility offers; unknown codes are ignored. */
export function servicesFromCodes(codes: Iterable<string>): Services {
  return collect([...codes].map((code) => byCode.get(code.trim().toUpperCase())));
}

/** Builds the categories from service phrases ("Medicaid", "Residential detoxification", …). */
export function servicesFromTexts(texts: Iterable<string>): Services {
  return collect([...texts].map((text) => byText.get(normaliseText(text))));
}

export function mergeServices(...all: Services[]): Services {
  const merged = emptyServices();
  for (const category of categories) merged[category] = [...new Set(all.flatMap((s) => s[category]))].sort();
  return merged;
}

function collect(hits: ({ category: Category; id: string } | undefined)[]): Services {
  const services = emptyServices();
  for (const hit of hits) if (hit && !services[hit.category].includes(hit.id)) services[hit.category].push(hit.id);
  for (const category of categories) services[category].sort();
  return services;
}

/** The label of a value id, for pages and the CLI. */
export function serviceLabel(category: Category, id: string): string {
  return serviceCatalogue[category].find((v) => v.id === id)?.label ?? id;
}

export function isServiceValue(category: Category, id: string): boolean {
  return serviceCatalogue[category].some((v) => v.id === id);
}
