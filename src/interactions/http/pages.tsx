import type { FC } from 'hono/jsx';
import { AppError } from '../../errors/catalogue.ts';
import { References } from '../../knowledge/http/components.tsx';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { Source } from '../../knowledge/schema.ts';
import type { App } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { MAX_DRUGS, MAX_NAME_CHARS, type CheckResult, type InteractionChecker, type InteractionFinding } from '../engine.ts';
import { parseDrugList } from '../input-list.ts';
import type { InteractionRule } from '../rules-schema.ts';

const severityWords: Record<string, string> = {
  contraindicated: 'Contraindicated: do not combine',
  major: 'Major: serious risk',
  moderate: 'Moderate: use with care',
  minor: 'Minor',
  none: 'No interaction found',
};

const SeverityBadge: FC<{ severity: string }> = ({ severity }) => (
  <span class={`severity severity-${severity}`}>{severityWords[severity] ?? severity}</span>
);

function numberedSources(kb: KnowledgeBase, ids: Iterable<string>) {
  const sources: Source[] = [];
  const numbers = new Map<string, number>();
  for (const id of ids) {
    const source = kb.sources.get(id);
    if (source && !numbers.has(id)) {
      sources.push(source);
      numbers.set(id, sources.length);
    }
  }
  return { sources, refs: (ids: readonly string[]) => ids.map((id) => `[${numbers.get(id)}]`).join('') };
}

const Finding: FC<{ finding: InteractionFinding; names: Map<string, string>; refs: (ids: readonly string[]) => string }> = ({ finding, names, refs }) => {
  const title = finding.drugs.map((d) => names.get(d) ?? d).join(' + ');
  return (
    <article class={`claim ${finding.severity === 'moderate' || finding.severity === 'minor' ? 'warning' : 'danger'}`} aria-labelledby={`i-${finding.ruleId}-${finding.drugs.join('-')}`}>
      <h3 id={`i-${finding.ruleId}-${finding.drugs.join('-')}`}>
        {title} <SeverityBadge severity={finding.severity} />
      </h3>
      <p>
        <strong>What to do:</strong> {finding.management}
      </p>
      <p>
        {finding.summary} {refs(finding.sources)}
      </p>
      <details>
        <summary>Why, and how sure</summary>
        <dl>
          <dt>Effect</dt>
          <dd>{finding.effect}</dd>
          <dt>Mechanism</dt>
          <dd>{finding.mechanism}</dd>
          <dt>Why this rule matched</dt>
          <dd>{finding.why}</dd>
          <dt>Severity</dt>
          <dd>{finding.severityBasis}</dd>
          {finding.severityDisagreement ? (
            <>
              <dt>Sources differ</dt>
              <dd>{finding.severityDisagreement}</dd>
            </>
          ) : null}
          <dt>Evidence</dt>
          <dd>{finding.evidence}</dd>
          {finding.alsoMatched.length > 0 ? (
            <>
              <dt>Other rules for this pair</dt>
              <dd>
                <ul>
                  {finding.alsoMatched.map((m) => (
                    <li>
                      <a href={`/interactions/rules/${m.ruleId}`}>{m.summary}</a> ({m.severity})
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
        <p>
          <a href={`/interactions/rules/${finding.ruleId}`}>The rule and its sources</a>
        </p>
      </details>
    </article>
  );
};

const Results: FC<{ kb: KnowledgeBase; result: CheckResult }> = ({ kb, result }) => {
  const names = new Map(result.resolved.map((r) => [r.id, r.name]));
  const { sources, refs } = numberedSources(kb, result.interactions.flatMap((i) => i.sources));
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      {result.unresolved.length > 0 ? (
        <div class="notice danger" role="alert">
          <h3>Not checked</h3>
          <p>rxsafety could not identify these, so their interactions are unknown. This is not a "no interactions" result.</p>
          <ul>
            {result.unresolved.map((u) => (
              <li>
                "{u.input}"
                {u.suggestions.length > 0 ? (
                  <>
                    {' '}
                    : did you mean{' '}
                    {u.suggestions.map((s, i) => (
                      <>
                        {i > 0 ? ' or ' : ''}
                        <strong>{s}</strong>
                      </>
                    ))}
                    ?
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        Checked: {result.resolved.map((r) => (r.matchedBy === 'misspelling' || r.input.toLowerCase() !== r.name.toLowerCase() ? `${r.name} (from "${r.input}")` : r.name)).join(', ') || 'nothing'}.
      </p>
      <p>
        <strong>Highest severity:</strong> <SeverityBadge severity={result.highestSeverity} />
      </p>
      <p>{result.notice}</p>
      {result.duplicates.length > 0 ? (
        <div class="notice warning">
          <h3>Possible duplicate therapy</h3>
          <ul>
            {result.duplicates.map((d) =>
              d.reason === 'same-ingredient' ? (
                <li>
                  {(d.inputs ?? []).join(', ')} are all {names.get(d.drugs[0]!) ?? d.drugs[0]}: the same medicine entered more than once. Taking it under two names can mean a double dose.
                </li>
              ) : (
                <li>
                  {d.drugs.map((id) => names.get(id) ?? id).join(' and ')} are both {kb.classes.get(d.class!)?.name ?? d.class}.
                </li>
              ),
            )}
          </ul>
        </div>
      ) : null}
      {result.interactions.map((finding) => (
        <Finding finding={finding} names={names} refs={refs} />
      ))}
      {sources.length > 0 ? <References sources={sources} /> : null}
    </section>
  );
};

const CheckForm: FC<{ drugs: string[]; extraRows: number }> = ({ drugs, extraRows }) => {
  const rows = [...drugs, ...Array.from({ length: Math.max(extraRows, drugs.length === 0 ? 2 : 1) }, () => '')].slice(0, MAX_DRUGS);
  return (
    <form action="/interactions" method="get" class="interaction-form" data-enhance="drug-autocomplete">
      <fieldset>
        <legend>Medicines and substances to check</legend>
        <p class="muted" id="drug-hint">
          One per box: a name, a brand name (e.g. Lioresal) or an RxCUI. Include alcohol and other substances too.
        </p>
        {rows.map((value, i) => (
          <p>
            <label for={`drug-${i + 1}`}>Medicine {i + 1}</label>{' '}
            <input id={`drug-${i + 1}`} name="drugs" type="text" value={value} maxlength={MAX_NAME_CHARS} autocomplete="off" aria-describedby="drug-hint" list="drug-names" />
          </p>
        ))}
        <input type="hidden" name="rows" value={String(rows.length)} />
      </fieldset>
      <p>
        <button type="submit">Check interactions</button>{' '}
        <button type="submit" name="add" value="1" class="secondary">
          Add another medicine
        </button>
      </p>
    </form>
  );
};

export function registerInteractionPages(app: App, kb: KnowledgeBase, checker: InteractionChecker): void {
  const crisisLines = kb.content.crisisLines;
  const drugNames = [...kb.drugs.values()].map((d) => d.name).sort();

  app.get('/interactions', (c) => {
    const drugs = parseDrugList(c.req.queries('drugs'));
    const adding = c.req.query('add') === '1';
    const printing = c.req.query('print') === '1';
    let result: CheckResult | undefined;
    let inputError: string | undefined;
    if (drugs.length > MAX_DRUGS) inputError = `At most ${MAX_DRUGS} medicines can be checked at once; you entered ${drugs.length}.`;
    else if (drugs.length > 0 && !adding) {
      try {
        result = checker.check(drugs);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        inputError = error.detail;
      }
    }
    const printHref = `/interactions?${drugs.map((d) => `drugs=${encodeURIComponent(d)}`).join('&')}&print=1`;
    return c.html(
      '<!doctype html>' +
        String(
          <Layout
            title="Interaction checker"
            description="Check baclofen and other medicines, alcohol and substances for interactions, with the sources shown."
            crisisLines={crisisLines}
            scripts={printing ? [] : ['/assets/interactions.js']}
            bodyClass={printing ? 'print-view' : undefined}
          >
            <h1>Interaction checker</h1>
            <div class="notice warning" role="note">
              <p>
                This checker gives information, not medical advice, and does not replace your prescriber or pharmacist. It covers
                a limited set of rules centred on baclofen: "no interaction found" does not prove a combination is safe. Do not
                start, stop or change a medicine without them. If someone is very hard to wake or breathing slowly, call emergency services (911 in the US).
              </p>
            </div>
            {inputError ? (
              <div class="notice danger" role="alert">
                <p>{inputError}</p>
              </div>
            ) : null}
            {/* After a check, the answer comes first (on a phone the form would push it off the screen);
                the form follows so the list can be changed. */}
            {!printing && (!result || adding) ? <CheckForm drugs={drugs} extraRows={adding ? 1 : 0} /> : null}
            {result ? <Results kb={kb} result={result} /> : null}
            {result && !printing ? (
              <p class="no-print">
                <a href={printHref}>Print view</a> (or print this page: navigation and the form are left out).
              </p>
            ) : null}
            {!printing && result && !adding ? <CheckForm drugs={drugs} extraRows={0} /> : null}
            <datalist id="drug-names">
              {drugNames.map((n) => (
                <option value={n} />
              ))}
            </datalist>
          </Layout>,
        ),
    );
  });

  app.get('/interactions/rules/:id', (c) => {
    const rule = checker.ruleById(c.req.param('id'));
    if (!rule) throw new AppError('not-found', `No interaction rule "${c.req.param('id')}".`);
    return c.html('<!doctype html>' + String(<RulePage kb={kb} rule={rule} />));
  });
}

function sideLabel(kb: KnowledgeBase, side: InteractionRule['between'][number]): string {
  return 'drug' in side ? (kb.drugs.get(side.drug)?.name ?? side.drug) : `any of the ${kb.classes.get(side.class)?.name ?? side.class}`;
}

const RulePage: FC<{ kb: KnowledgeBase; rule: InteractionRule }> = ({ kb, rule }) => {
  const { sources, refs } = numberedSources(kb, rule.sources);
  const title = `${sideLabel(kb, rule.between[0])} + ${sideLabel(kb, rule.between[1])}`;
  return (
    <Layout title={`Interaction: ${title}`} description={rule.summary} crisisLines={kb.content.crisisLines}>
      <h1>{title}</h1>
      <p>
        <SeverityBadge severity={rule.severity} />
      </p>
      <p>
        <strong>What to do:</strong> {rule.management}
      </p>
      <p>
        {rule.summary} {refs(rule.sources)}
      </p>
      <dl>
        <dt>Effect</dt>
        <dd>{rule.effect}</dd>
        <dt>Mechanism</dt>
        <dd>{rule.mechanism}</dd>
        <dt>Severity</dt>
        <dd>{rule.severityBasis}</dd>
        {rule.severityDisagreement ? (
          <>
            <dt>Sources differ</dt>
            <dd>{rule.severityDisagreement}</dd>
          </>
        ) : null}
        <dt>Evidence</dt>
        <dd>{rule.evidence}</dd>
      </dl>
      <p>This is information, not medical advice; it does not replace your prescriber or pharmacist.</p>
      <References sources={sources} />
    </Layout>
  );
};
