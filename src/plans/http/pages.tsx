import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import { AppError } from '../../errors/catalogue.ts';
import { formatCitation, sourceLink } from '../../knowledge/http/components.tsx';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { App } from '../../web/context.ts';
import { Layout, telHref } from '../../web/layout.tsx';
import { clockText, doseAmountText, doseClockTimes, planDays, timesPerDayText } from '../dose-text.ts';
import type { Plan } from '../plan.ts';
import { buildPlan, type PlanKind } from '../planner.ts';
import type { PlanRules } from '../rules.ts';
import { parsePlanQuery } from './schemas.ts';

type Query = Record<string, string>;

const Field: FC<{ id: string; label: string; hint?: string; value?: string; type?: string; min?: number; max?: number; step?: string; required?: boolean }> = (p) => (
  <div class="field">
    <label for={p.id}>{p.label}</label>
    {p.hint ? <span class="muted" id={`${p.id}-hint`}> {p.hint}</span> : null}
    <br />
    <input id={p.id} name={p.id.replace(/^(titration|taper)-/, '')} type={p.type ?? 'number'} value={p.value ?? ''} min={p.min} max={p.max} step={p.step} required={p.required} aria-describedby={p.hint ? `${p.id}-hint` : undefined} />
  </div>
);

/** Both plan forms share the kidney, age and start fields. */
const CommonFields: FC<{ kind: PlanKind; q: Query }> = ({ kind, q }) => (
  <>
    <fieldset>
      <legend>How it is given</legend>
      <div class="field">
        <label for={`${kind}-route`}>Route</label>{' '}
        <select id={`${kind}-route`} name="route">
          <option value="oral" selected={q.route !== 'intrathecal'}>By mouth (tablets or liquid)</option>
          <option value="intrathecal" selected={q.route === 'intrathecal'}>Intrathecal pump</option>
        </select>
      </div>
      <Field id={`${kind}-dosesPerDay`} label="Doses a day (3 or 4)" value={q.dosesPerDay} min={3} max={4} />
      <Field id={`${kind}-stepDays`} label="Days between steps" hint="(optional; never shorter than the plan's minimum)" value={q.stepDays} min={1} max={60} />
      <Field id={`${kind}-startDate`} label="Start date" type="date" value={q.startDate} />
    </fieldset>
    <fieldset>
      <legend>Kidneys and age (optional, but they change the plan)</legend>
      <Field id={`${kind}-egfr`} label="eGFR (mL/min)" value={q.egfr} min={0} max={250} step="any" />
      <Field id={`${kind}-crcl`} label="Creatinine clearance (mL/min)" value={q.crcl} min={0} max={250} step="any" />
      <div class="field">
        <input id={`${kind}-dialysis`} name="dialysis" type="checkbox" value="true" checked={q.dialysis === 'true'} />{' '}
        <label for={`${kind}-dialysis`}>On dialysis</label>
      </div>
      <Field id={`${kind}-age`} label="Age (years)" value={q.age} min={0} max={130} />
    </fieldset>
  </>
);

const PlanForms: FC<{ q: Query; kind?: PlanKind }> = ({ q, kind }) => (
  <div class="no-print">
    <h2 id="titration-form-title">Start baclofen (titration)</h2>
    <form method="get" action="/plans" aria-labelledby="titration-form-title">
      <input type="hidden" name="kind" value="titration" />
      <Field id="titration-targetDailyMg" label="Daily dose to reach (mg a day, at most 80)" value={kind === 'titration' ? q.targetDailyMg : ''} min={1} max={80} required />
      <CommonFields kind="titration" q={kind === 'titration' ? q : {}} />
      <button type="submit">Make a titration plan</button>
    </form>
    <h2 id="taper-form-title">Stop baclofen gradually (taper)</h2>
    <form method="get" action="/plans" aria-labelledby="taper-form-title">
      <input type="hidden" name="kind" value="taper" />
      <Field id="taper-currentDailyMg" label="Daily dose taken now (mg a day)" value={kind === 'taper' ? q.currentDailyMg : ''} min={1} max={80} step="any" required />
      <Field id="taper-durationWeeks" label="Taken for how many weeks" hint="(leave blank if unsure: the plan then assumes long-term use)" value={kind === 'taper' ? q.durationWeeks : ''} min={0} />
      <CommonFields kind="taper" q={kind === 'taper' ? q : {}} />
      <button type="submit">Make a taper plan</button>
    </form>
  </div>
);

const SourceList: FC<{ kb: KnowledgeBase; ids: readonly string[] }> = ({ kb, ids }) => (
  <ol class="references">
    {ids.map((id) => {
      const source = kb.sources.get(id);
      if (!source) return null;
      const href = sourceLink(source);
      return <li id={`source-${id}`}>{href ? <a href={href}>{formatCitation(source)}</a> : formatCitation(source)}</li>;
    })}
  </ol>
);

const Disclaimer: FC<{ text: string }> = ({ text }) => (
  <div class="notice warning" role="note">
    <p><strong>Draft only.</strong> {text}</p>
  </div>
);

/** The printable calendar: one row a day, each dose time with its amount, and boxes to tick. */
const PlanView: FC<{ kb: KnowledgeBase; plan: Plan; query: string }> = ({ kb, plan, query }) => {
  const maxTimes = Math.max(...plan.schedule.map((s) => s.timesPerDay));
  const columns = doseClockTimes(maxTimes);
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Your draft {plan.kind} plan: {plan.totalDays} days</h2>
      <Disclaimer text={plan.disclaimer} />
      <p class="no-print">
        <a class="button" href={`/api/v1/plans/${plan.kind}.ics?${query}`}>Download for your calendar (.ics, with reminders)</a>{' '}
        <a class="button" href={`/api/v1/plans/${plan.kind}.fhir.json?${query}`}>Download for your prescriber (FHIR MedicationRequest)</a>{' '}
        Print this page for a paper calendar.
      </p>
      <h3>Steps</h3>
      <ul>
        {plan.schedule.map((s) => (
          <li>
            {s.startDate === s.endDate ? s.startDate : `${s.startDate} to ${s.endDate}`} (day {s.startDay}
            {s.endDay !== s.startDay ? `-${s.endDay}` : ''}):{' '}
            {s.dailyMg === 0 ? <strong>stop: no more doses</strong> : `${s.doseMg} mg ${timesPerDayText(s.timesPerDay)} (${doseAmountText(plan, s)} each time), ${s.dailyMg} mg a day`}
          </li>
        ))}
      </ul>
      <div class="table-wrap">
        <table>
          <caption>Day by day: tick each dose when you take it. Dose times are suggestions; keep them evenly spread.</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Day</th>
              {columns.map((_, i) => <th scope="col">Dose {i + 1}</th>)}
              <th scope="col">Each dose</th>
              <th scope="col">Taken (tick)</th>
            </tr>
          </thead>
          <tbody>
            {planDays(plan).map(({ date, day, step }) => {
              const times = doseClockTimes(step.timesPerDay);
              return (
                <tr>
                  <th scope="row">{date}</th>
                  <td>{day}</td>
                  {columns.map((_, i) => <td>{times[i] ? `${clockText(times[i]!)}: ${step.doseMg} mg` : '-'}</td>)}
                  <td>{step.dailyMg === 0 ? 'None: plan complete' : doseAmountText(plan, step)}</td>
                  <td>{step.dailyMg === 0 ? '' : times.map(() => '☐ ').join('')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>Total to dispense for the whole plan</h3>
      <p>
        {[
          ...plan.dispense.tablets.map((t) => `${t.count} tablets of ${t.strengthMg} mg`),
          ...(plan.dispense.solutionMl ? [`${plan.dispense.solutionMl} mL of the ${plan.dispense.solutionMgPerMl} mg/mL oral solution`] : []),
        ].join(', ')}
      </p>
      <h3>Withdrawal warning signs: what to do</h3>
      <ul>
        {plan.withdrawalSigns.map((s) => (
          <li>
            <strong>{s.name}</strong>: {s.action === 'emergency' ? <strong>{s.whatToDo}</strong> : s.whatToDo}
          </li>
        ))}
      </ul>
      <h3>Why the plan looks like this</h3>
      <ul>
        {plan.warnings.map((w) => (
          <li id={`warning-${w.code}`}>
            {w.message} <span class="muted">(sources: {w.sources.map((id) => <a href={`#source-${id}`}>{id}</a>)})</span>
          </li>
        ))}
      </ul>
      <h3>Sources</h3>
      <SourceList kb={kb} ids={plan.sources} />
    </section>
  );
};

const Refusal: FC<{ kb: KnowledgeBase; error: AppError }> = ({ kb, error }) => {
  const x = error.extensions as { planCode?: string; sources?: string[]; earlySigns?: string[]; emergencySigns?: string[]; whatToDo?: string; errors?: { field: string; message: string }[] };
  return (
    <section aria-labelledby="refusal-title" class="notice danger" role="alert">
      <h2 id="refusal-title">{error.status === 422 ? 'No plan: rxsafety will not compute this one' : 'Please check the form'}</h2>
      {x.errors ? (
        <ul>{x.errors.map((e) => <li><strong>{e.field}</strong>: {e.message}</li>)}</ul>
      ) : (
        <p>{error.detail}</p>
      )}
      {x.earlySigns ? (
        <>
          <h3>Early signs of intrathecal withdrawal</h3>
          <ul>{x.earlySigns.map((s) => <li>{s}</li>)}</ul>
          <h3>Emergency signs</h3>
          <ul>{x.emergencySigns!.map((s) => <li>{s}</li>)}</ul>
          <p><strong>{x.whatToDo}</strong></p>
          <ul>
            {kb.content.crisisLines.map((l) => (
              <li><a href={telHref(l.phone)}>{l.name}: {l.phone}</a>: {l.when}</li>
            ))}
          </ul>
        </>
      ) : null}
      {x.sources && x.sources.length > 0 ? (
        <>
          <h3>Sources</h3>
          <SourceList kb={kb} ids={x.sources} />
        </>
      ) : null}
    </section>
  );
};

function planFromPage(c: Context, kb: KnowledgeBase, allRules: ReadonlyMap<string, PlanRules>): { kind?: PlanKind; plan?: Plan; error?: AppError; query: string } {
  const q = c.req.query();
  const kind = q.kind === 'titration' || q.kind === 'taper' ? q.kind : undefined;
  if (!kind) return { query: '' };
  const { kind: _kind, ...fields } = q;
  const query = new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== '')).toString();
  try {
    return { kind, plan: buildPlan(kind, parsePlanQuery(kind, fields), allRules, kb), query };
  } catch (error) {
    if (error instanceof AppError) return { kind, error, query };
    throw error;
  }
}

export function registerPlansPages(app: App, kb: KnowledgeBase, allRules: ReadonlyMap<string, PlanRules>): void {
  app.get('/plans', (c) => {
    const q = c.req.query();
    const { kind, plan, error, query } = planFromPage(c, kb, allRules);
    c.header('cache-control', 'no-store');
    return c.html(
      `<!doctype html>${String(
        <Layout
          title="Dose plans for baclofen: a draft to agree with your prescriber"
          description="Draft a day-by-day plan to start oral baclofen as the label does, or to stop it gradually, adjusted for the kidneys, with a printable calendar. A draft to agree with your prescriber; nothing you enter is stored."
          crisisLines={kb.content.crisisLines}
        >
          <h1>Baclofen dose plans</h1>
          <p>
            Make a day-by-day plan to start baclofen by mouth the way the label does it, or to stop it gradually, adjusted for the
            kidneys. Every plan is a <strong>draft to agree with your prescriber</strong>: it does not replace them. Nothing you
            enter is stored.
          </p>
          {error ? <Refusal kb={kb} error={error} /> : null}
          {plan ? <PlanView kb={kb} plan={plan} query={query} /> : null}
          <PlanForms q={q} kind={kind} />
        </Layout>,
      )}`,
      error ? (error.status as 400 | 422) : 200,
    );
  });
}
