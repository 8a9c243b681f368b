import type { FC } from 'hono/jsx';
import { AppError } from '../../errors/catalogue.ts';
import type { CrisisLine } from '../../knowledge/schema.ts';
import type { App, AppDeps } from '../../web/context.ts';
import { Layout, telHref } from '../../web/layout.tsx';
import { DEFAULT_RADIUS_MILES, type FacilityFinder, type SearchResult } from '../finder.ts';
import { categories, categoryLabels, serviceCatalogue, serviceLabel } from '../service-codes.ts';
import { FacilityQuerySchema, toFacilityQuery, type FacilityQueryInput } from './api.ts';

const RADIUS_CHOICES_MILES = [5, 10, 25, 50, 100, 250, 500];
const PAGE_SIZE = 20;

const HelplineFirst: FC<{ line: CrisisLine | undefined }> = ({ line }) =>
  line ? (
    <section class="notice" aria-labelledby="helpline-title">
      <h2 id="helpline-title">{line.name}</h2>
      <p>
        <a class="crisis-phone" href={telHref(line.phone)}>
          <strong>{line.phone}</strong>
        </a>
        {line.tty ? (
          <>
            {' '}
            (TTY <a href={telHref(line.tty)}>{line.tty}</a>)
          </>
        ) : null}
      </p>
      <p>
        {line.when} {line.text}
      </p>
    </section>
  ) : null;

const SearchForm: FC<{ input: Partial<FacilityQueryInput> }> = ({ input }) => (
  <form action="/treatment" method="get" class="facility-search" aria-labelledby="search-title">
    <h2 id="search-title">Search</h2>
    <fieldset>
      <legend>Where</legend>
      <p>
        <label for="zip">ZIP code</label>
        <input id="zip" name="zip" inputmode="numeric" autocomplete="postal-code" maxlength={10} value={input.zip ?? ''} />
      </p>
      <p>
        <label for="near">Or a location as latitude,longitude</label>
        <input id="near" name="near" maxlength={60} value={input.near ?? ''} aria-describedby="near-hint" />
        <span id="near-hint" class="muted">
          {' '}
          For example 38.03,-78.48. Your location stays in this search; rxsafety does not store it.
        </span>
      </p>
      <p id="use-location" hidden>
        <button type="button" class="secondary" data-use-location>
          Use my location
        </button>{' '}
        <span role="status" aria-live="polite" data-location-status></span>
      </p>
      <p>
        <label for="radiusMiles">Within</label>{' '}
        <select id="radiusMiles" name="radiusMiles">
          {RADIUS_CHOICES_MILES.map((miles) => (
            <option value={String(miles)} selected={(input.radiusMiles ?? DEFAULT_RADIUS_MILES) === miles}>
              {miles} miles
            </option>
          ))}
        </select>
      </p>
    </fieldset>
    <fieldset>
      <legend>What you need (all optional)</legend>
      {categories.map((category) => (
        <p>
          <label for={`f-${category}`}>{categoryLabels[category]}</label>{' '}
          <select id={`f-${category}`} name={category}>
            <option value="">Any</option>
            {serviceCatalogue[category].map((v) => (
              <option value={v.id} selected={input[category] === v.id}>
                {v.label}
              </option>
            ))}
          </select>
        </p>
      ))}
    </fieldset>
    <button type="submit">Find treatment</button>
  </form>
);

function pageHref(input: Partial<FacilityQueryInput>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(Object.assign({}, input, { page }))) if (value !== undefined && value !== '') params.set(key, String(value));
  return `/treatment?${params.toString()}`;
}

const Results: FC<{ result: SearchResult; input: Partial<FacilityQueryInput> }> = ({ result, input }) => {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        {result.total === 0
          ? `No facilities found within ${result.radiusMiles} miles of ${result.origin.label}`
          : `${result.total} ${result.total === 1 ? 'facility' : 'facilities'} within ${result.radiusMiles} miles of ${result.origin.label}`}
      </h2>
      {result.total === 0 ? <p>Try a larger distance or fewer filters, or call the helpline above: it can refer you to services.</p> : null}
      <ol class="facility-list" start={(result.page - 1) * result.pageSize + 1}>
        {result.facilities.map((f) => (
          <li>
            <h3>{f.name}</h3>
            <p>
              {f.distanceMiles.toFixed(1)} miles away{f.locationFromZip ? ' (approximate: placed at its ZIP code)' : ''}
            </p>
            <p>
              {f.phone ? (
                <>
                  Phone: <a href={telHref(f.phone)}>{f.phone}</a>
                </>
              ) : (
                'No phone number listed.'
              )}
              {f.website && /^https?:\/\//i.test(f.website) ? (
                <>
                  {' '}
                  · <a href={f.website} rel="nofollow noopener">Website</a>
                </>
              ) : null}
            </p>
            <address>
              {[f.address.street, f.address.city, `${f.address.state} ${f.address.zip}`.trim()].filter(Boolean).join(', ')}
            </address>
            {categories.some((c) => f.services[c].length > 0) ? (
              <dl class="services">
                {categories
                  .filter((c) => f.services[c].length > 0)
                  .map((c) => (
                    <>
                      <dt>{categoryLabels[c]}</dt>
                      <dd>{f.services[c].map((id) => serviceLabel(c, id)).join(', ')}</dd>
                    </>
                  ))}
              </dl>
            ) : (
              <p class="muted">The source lists no services for this facility: call to ask.</p>
            )}
            <p class="muted">
              Last verified: {f.lastVerified ?? 'not stated by the source'}. Imported {f.importedAt.slice(0, 10)}.
            </p>
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav aria-label="Result pages">
          <p>
            Page {result.page} of {pages}.{' '}
            {result.page > 1 ? <a href={pageHref(input, result.page - 1)}>Previous page</a> : null}{' '}
            {result.page < pages ? <a href={pageHref(input, result.page + 1)}>Next page</a> : null}
          </p>
        </nav>
      ) : null}
    </section>
  );
};

const EmptyDatabase: FC = () => (
  <div class="notice warning" role="note">
    <h2>No facility data is loaded on this server yet</h2>
    <p>
      Until it is, call the helpline above, or search SAMHSA's own directory at{' '}
      <a href="https://findtreatment.gov/">findtreatment.gov</a>.
    </p>
    <p>
      Administrators: load SAMHSA's facility directory (the FindTreatment.gov bulk export or locator response, or a CSV
      with names, addresses and coordinates) with <code>rxsafety facilities import &lt;file&gt;</code>, or send the file
      to <code>POST /api/v1/admin/import/facilities</code> with the administrator token.
    </p>
  </div>
);

export function registerTreatmentPages(app: App, { kb }: AppDeps, finder: FacilityFinder): void {
  const crisisLines = kb.content.crisisLines;
  const helpline = crisisLines.find((l) => l.id === 'samhsa-helpline') ?? crisisLines.find((l) => /samhsa/i.test(l.name));

  app.get('/treatment', async (c) => {
    // The form sends its "Any" choices as empty values (care=&setting=…): an empty field means no filter.
    const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value.trim() !== ''));
    const asked = Boolean(raw.zip?.trim() || raw.near?.trim());
    const parsed = FacilityQuerySchema.safeParse(raw);
    const input: Partial<FacilityQueryInput> = parsed.success ? parsed.data : { zip: raw.zip, near: raw.near };
    let result: SearchResult | undefined;
    let problem: string | undefined;
    if (!parsed.success) problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'search'}: ${i.message}`).join('; ');
    else if (asked) {
      try {
        result = await finder.search(Object.assign(toFacilityQuery(parsed.data), { pageSize: PAGE_SIZE }));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        problem = error.detail;
      }
    }
    await finder.ensureFresh();
    const empty = finder.indexedCount === 0;
    return c.html(
      `<!doctype html>${String(
        <Layout
          title="Find treatment near you"
          description="Substance-use and mental-health treatment facilities near a US ZIP code, from SAMHSA's directory."
          crisisLines={crisisLines}
          scripts={['/assets/treatment.js']}
        >
          <h1>Find treatment near you</h1>
          <HelplineFirst line={helpline} />
          <p>
            Facilities come from SAMHSA's public directory (FindTreatment.gov). Call before you go: services, hours and
            what insurance is taken change. This list does not replace advice from your prescriber or doctor.
          </p>
          {empty ? <EmptyDatabase /> : null}
          {problem ? (
            <div class="notice danger" role="alert">
              <p>
                <strong>Please check the search:</strong> {problem}
              </p>
            </div>
          ) : null}
          <SearchForm input={input} />
          {result ? <Results result={result} input={input} /> : null}
        </Layout>,
      )}`,
      problem ? 400 : 200,
    );
  });
}

