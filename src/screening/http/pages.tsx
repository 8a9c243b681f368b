import type { QuestionnaireItem } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import type { FieldError } from '../../errors/catalogue.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { App, AppDeps } from '../../web/context.ts';
import { Layout, telHref } from '../../web/layout.tsx';
import { parseAnswers } from '../answers.ts';
import { INSTRUMENT_IDS, type Instrument, type Instruments } from '../instruments.ts';
import { buildQuestionnaireResponse } from '../questionnaire-response.ts';
import { checkSubmission, screen, type ScreeningResult } from '../screen.ts';
import { NO_STORE, instrumentOr404 } from './api.ts';

// Served with the site's other static files (src/web/assets): at /check/screening.css it sat beside
// /check/:id, and Hono's fast router cannot tell a fixed path from a parameter at the same place.
const Styles = () => <link rel="stylesheet" href="/assets/screening.css" />;

const headline: Record<ScreeningResult['action'], { kind: string; text: string }> = {
  emergency: { kind: 'Emergency', text: 'Call 911 now' },
  urgent: { kind: 'Urgent', text: 'Get help now, today' },
  'contact-prescriber': { kind: 'Talk to a clinician', text: 'Talk to your prescriber or doctor' },
  information: { kind: 'No urgent action', text: 'No warning signs from these answers' },
};

const doc = (node: unknown) => `<!doctype html>${String(node)}`;

/** Only the instrument's own fields (and sex) are read from a form: anything else is ignored. */
function formAnswers(instrument: Instrument, body: Record<string, unknown>): { raw: Record<string, string>; sex?: string } {
  const raw: Record<string, string> = {};
  for (const item of instrument.items) {
    const value = body[item.linkId];
    if (typeof value === 'string' && value !== '') raw[item.linkId] = value.slice(0, 40);
  }
  return { raw, sex: typeof body.sex === 'string' && body.sex !== '' ? body.sex : undefined };
}

function Question({ item, value, error }: { item: QuestionnaireItem; value?: string; error?: string }) {
  const errorId = `${item.linkId}-error`;
  const legend = `${item.prefix ? `${item.prefix} ` : ''}${item.text ?? item.linkId}`;
  const errorText = error ? <p id={errorId} class="field-error">{error}</p> : null;
  if (item.type === 'decimal') {
    return (
      <fieldset id={`q-${item.linkId}`} class={error ? 'has-error' : undefined}>
        <legend>{legend}</legend>
        {errorText}
        <label for={item.linkId}>Hours (optional)</label>{' '}
        <input id={item.linkId} name={item.linkId} type="number" inputmode="decimal" min="0" step="any" value={value ?? ''} aria-describedby={error ? errorId : undefined} />
      </fieldset>
    );
  }
  const options =
    item.type === 'boolean'
      ? [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]
      : (item.answerOption ?? []).map((o) => ({ value: o.valueCoding!.code!, label: o.valueCoding!.display ?? o.valueCoding!.code! }));
  return (
    <fieldset id={`q-${item.linkId}`} class={error ? 'has-error' : undefined} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {errorText}
      {options.map((o) => (
        <div class="option">
          <input type="radio" id={`${item.linkId}-${o.value}`} name={item.linkId} value={o.value} checked={value === o.value} required={item.required} />
          <label for={`${item.linkId}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function FormPage({ kb, instrument, values = {}, errors = [] }: { kb: KnowledgeBase; instrument: Instrument; values?: Record<string, string>; errors?: FieldError[] }) {
  const { questionnaire, rules } = instrument;
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Layout title={questionnaire.title ?? instrument.id} description={`${questionnaire.description ?? ''} Your answers are never stored, logged or shared.`.trim()} crisisLines={kb.content.crisisLines}>
      <Styles />
      <h1>{questionnaire.title}</h1>
      {instrument.id === 'baclofen-withdrawal' ? (
        <p class="action-box action-emergency">
          <strong>If someone is having a seizure, is unresponsive or is struggling to breathe, do not fill this in: call </strong>
          <a class="call" href="tel:911">911</a>
        </p>
      ) : null}
      <p>{questionnaire.description}</p>
      <p class="hint">{rules.validity} Your answers are not stored: they are used to show your result and then discarded.</p>
      {instrument.id === 'audit' ? (
        <p class="hint">If you answer “Never” to question 1, the WHO instructions skip to questions 9 and 10: choose the first answer for questions 2 to 8.</p>
      ) : null}
      {errors.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-title">
          <h2 id="error-title">Some answers are missing or not valid</h2>
          <ul>
            {errors.map((e) => {
              const linkId = e.field.replace(/^answers\./, '');
              return (
                <li>
                  <a href={e.field === 'sex' ? '#q-sex' : `#q-${linkId}`}>{instrument.items.find((i) => i.linkId === linkId)?.text ?? e.field}</a>: {e.message}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <form class="check-form" method="post" action={`/check/${instrument.id}`}>
        {rules.kind === 'sum-with-cutoff' ? (
          <fieldset id="q-sex">
            <legend>Your sex (the AUDIT-C cut-off is different for women and men)</legend>
            {errorFor('sex') ? <p class="field-error">{errorFor('sex')}</p> : null}
            {['female', 'male'].map((s) => (
              <div class="option">
                <input type="radio" id={`sex-${s}`} name="sex" value={s} checked={values.sex === s} required />
                <label for={`sex-${s}`}>{s === 'female' ? 'Female' : 'Male'}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        {instrument.items.map((item) => (
          <Question item={item} value={values[item.linkId]} error={errorFor(`answers.${item.linkId}`)} />
        ))}
        <button type="submit">See the result</button>
      </form>
      <h2>Source and licence</h2>
      <p>{rules.attribution}</p>
      <p>{rules.licence}</p>
      <SourceList kb={kb} ids={rules.sources} />
    </Layout>
  );
}

function SourceList({ kb, ids }: { kb: KnowledgeBase; ids: readonly string[] }) {
  return (
    <ul>
      {ids.map((id) => (
        <li>
          <a href={`/sources/${id}`}>{kb.sources.get(id)?.title ?? id}</a>
        </li>
      ))}
    </ul>
  );
}

function ResultPage({ kb, instrument, result, raw, sex, incomplete }: { kb: KnowledgeBase; instrument: Instrument; result: ScreeningResult; raw: Record<string, string>; sex?: string; incomplete: boolean }) {
  const head = headline[result.action];
  const actionText = result.action === 'urgent' && result.resources[0]?.id === 'poison-help' ? 'Call Poison Help now' : result.action === 'urgent' ? 'Contact the prescriber now' : head.text;
  return (
    <Layout title={`Result: ${actionText}`} crisisLines={kb.content.crisisLines}>
      <Styles />
      <section class={`action-box action-${result.action}`} aria-labelledby="action-title">
        <p class="action-kind">{head.kind}</p>
        <h1 id="action-title" class="action">{actionText}</h1>
        <p>{result.message}</p>
        <ul class="calls">
          {result.resources.map((r) => (
            <li>
              <a class="call" href={telHref(r.phone)}>
                {r.name}: {r.phone}
              </a>
              <br />
              <span>{r.when}</span>
            </li>
          ))}
        </ul>
      </section>
      {result.dispatcher ? (
        <section aria-labelledby="dispatcher-title">
          <h2 id="dispatcher-title">What to tell the 911 dispatcher</h2>
          <ol class="dispatcher">
            {result.dispatcher.map((line) => (
              <li>{line}</li>
            ))}
          </ol>
        </section>
      ) : null}
      {incomplete ? <p class="hint">Some questions were not answered. The red flag you reported is enough to need emergency help now.</p> : null}
      <h2>Why</h2>
      {result.score !== undefined ? (
        <p>
          Score: <strong>{result.score}</strong> out of {result.maxScore}.
        </p>
      ) : null}
      {result.redFlags.length > 0 ? <p>Red flags in your answers: {result.redFlags.map((l) => instrument.items.find((i) => i.linkId === l)?.text ?? l).join(' · ')}</p> : null}
      {result.details.map((d) => (
        <p>{d.text}</p>
      ))}
      <p>{result.validity}</p>
      <p>This check does not replace your prescriber, doctor or pharmacist. Do not stop, start or change baclofen or any medicine on your own.</p>
      <h2>Sources</h2>
      <SourceList kb={kb} ids={result.sources} />
      <p class="hint">{instrument.rules.attribution} {instrument.rules.licence}</p>
      <h2>Keep your answers</h2>
      <form method="post" action={`/check/${instrument.id}/answers.json`}>
        {Object.entries(raw).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        {sex ? <input type="hidden" name="sex" value={sex} /> : null}
        <button type="submit">Download your answers (FHIR QuestionnaireResponse)</button>
      </form>
      <p class="hint">The file is made on the spot and sent only to you; rxsafety keeps no copy. You can give it to your clinician.</p>
      <p>
        <a href={`/check/${instrument.id}`}>Start this check again</a> · <a href="/check">All self-checks</a>
      </p>
    </Layout>
  );
}

/** Pages under /check. Answers arrive by POST only (never in a URL) and no answer page is cached. */
export function registerScreeningPages(app: App, { kb }: AppDeps, instruments: Instruments): void {
  const crisisLines = kb.content.crisisLines;
  app.get('/check', (c) =>
    c.html(
      doc(
        <Layout title="Self-checks" description="Short self-checks that tell you the next step first: alcohol screening (AUDIT, AUDIT-C), a baclofen misuse checklist and a withdrawal check. Answers are never stored." crisisLines={crisisLines}>
          <Styles />
          <h1>Self-checks</h1>
          <p>
            Short questionnaires that tell you the next step first. Your answers are never stored, logged or shared: they
            are used once to show your result. These checks do not replace your prescriber or doctor.
          </p>
          <ul>
            {INSTRUMENT_IDS.map((id) => {
              const { questionnaire, rules } = instruments.get(id)!;
              return (
                <li>
                  <a href={`/check/${id}`}>{questionnaire.title}</a>
                  <br />
                  <span class="hint">{rules.validated ? 'Validated screening test.' : 'Not a validated scale.'} {questionnaire.description}</span>
                </li>
              );
            })}
          </ul>
        </Layout>,
      ),
    ),
  );

  app.get('/check/:id', (c) => c.html(doc(<FormPage kb={kb} instrument={instrumentOr404(instruments, c.req.param('id'))} />)));

  app.post('/check/:id', async (c) => {
    const instrument = instrumentOr404(instruments, c.req.param('id'));
    const { raw, sex } = formAnswers(instrument, await c.req.parseBody());
    const submission = checkSubmission(instrument, raw, sex);
    if (submission.errors.length > 0) {
      // A red flag outranks a half-filled form: the withdrawal check answers with 911 at once.
      if (instrument.rules.kind === 'triage') {
        const partial = screen(instrument, submission.answers, undefined, crisisLines);
        if (partial.action === 'emergency') return renderResult(c, kb, instrument, partial, raw, sex, true);
      }
      const values: Record<string, string> = { ...raw };
      if (sex) values.sex = sex;
      return c.html(doc(<FormPage kb={kb} instrument={instrument} values={values} errors={submission.errors} />), 400, NO_STORE);
    }
    return renderResult(c, kb, instrument, screen(instrument, submission.answers, submission.sex, crisisLines), raw, sex, false);
  });

  app.post('/check/:id/answers.json', async (c) => {
    const instrument = instrumentOr404(instruments, c.req.param('id'));
    const { raw } = formAnswers(instrument, await c.req.parseBody());
    const { answers } = parseAnswers(instrument, raw);
    const response = buildQuestionnaireResponse(instrument, answers, new Date());
    return c.body(JSON.stringify(response, null, 2), 200, {
      'content-type': 'application/fhir+json; charset=utf-8',
      ...NO_STORE,
      'content-disposition': `attachment; filename="${instrument.id}-answers.json"`,
    });
  });
}

function renderResult(c: Context, kb: KnowledgeBase, instrument: Instrument, result: ScreeningResult, raw: Record<string, string>, sex: string | undefined, incomplete: boolean) {
  return c.html(doc(<ResultPage kb={kb} instrument={instrument} result={result} raw={raw} sex={sex} incomplete={incomplete} />), 200, NO_STORE);
}
