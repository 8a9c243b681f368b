import type { Context } from 'hono';
import { AppError } from '../../errors/catalogue.ts';
import { guideLinkSize } from '../../guide/guide-cache.ts';
import type { App, AppDeps } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { PageCache } from '../../web/page-cache.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import { describeReview } from '../review-status.ts';
import type { Drug } from '../schema.ts';
import { ClaimView, References, StudyTable, formatCitation, sourceLink } from './components.tsx';

const MAX_QUERY_CHARS = 200;

/** Numbers references in the order the page first cites them. */
function referenceNumbers(kb: KnowledgeBase, drug: Drug) {
  const sources = kb.citedSources(drug);
  const numbers = new Map(sources.map((s, i) => [s.id, i + 1]));
  return { sources, refNumber: (sid: string) => numbers.get(sid) ?? 0 };
}

const ReviewNotice = ({ drug }: { drug: Drug }) => {
  const state = describeReview(drug.review);
  return (
    <div class={`notice${state.overdue || drug.review.status === 'unreviewed' ? ' warning' : ''}`} role="note">
      <p>
        <strong>Review status:</strong> {state.statement}
      </p>
      <p>
        This page is information, not medical advice, and does not replace your prescriber or pharmacist. Do not start,
        stop or change a dose without them.
      </p>
    </div>
  );
};

/** "(PDF, 622 KB)" once the guide's size is known, "(PDF)" until then. */
const pdfNote = (size: string | undefined, extra = '') => `(PDF${size ? `, ${size}` : ''}${extra})`;

function DrugPage({ kb, drug, guideSize }: { kb: KnowledgeBase; drug: Drug; guideSize: string | undefined }) {
  const { sources, refNumber } = referenceNumbers(kb, drug);
  const studiesById = new Map(kb.studies.map((s) => [s.id, s]));
  return (
    <Layout title={`${drug.name}: cited facts`} description={`${drug.summary} Every statement on this page cites its source.`} crisisLines={kb.content.crisisLines}>
      <h1>{drug.name}</h1>
      {drug.brandNames.length > 0 ? <p class="muted">Brand names: {drug.brandNames.join(', ')}</p> : null}
      <p>{drug.summary}</p>
      <ReviewNotice drug={drug} />
      <p>
        <a class="button" href={`/interactions?drugs=${encodeURIComponent(drug.id)}`}>
          Check {drug.name} with other medicines
        </a>{' '}
        {drug.depth === 'monograph' ? (
          <>
            <a class="button" href={`/guides/${drug.id}.pdf`}>
              Download the free {drug.name} guide {pdfNote(guideSize)}
            </a>{' '}
          </>
        ) : null}
      </p>
      {drug.codes ? (
        <p class="muted">
          {drug.codes.rxcui ? (
            <>
              RxCUI {drug.codes.rxcui.value}
              {drug.codes.rxcui.verification === 'uncertain' ? ' (unverified)' : ''}.{' '}
            </>
          ) : null}
          {drug.codes.atc.length > 0 ? (
            <>
              ATC {drug.codes.atc.map((a) => `${a.value}${a.verification === 'uncertain' ? ' (unverified)' : ''}`).join(', ')}.
            </>
          ) : null}
        </p>
      ) : null}
      <nav class="toc" aria-labelledby="toc-title">
        <h2 id="toc-title">On this page</h2>
        <ol>
          {drug.sections.map((section) => (
            <li>
              <a href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
          <li>
            <a href="#references">References</a>
          </li>
        </ol>
      </nav>
      {drug.sections.map((section) => (
        <section id={section.id} aria-labelledby={`${section.id}-title`}>
          <h2 id={`${section.id}-title`}>{section.title}</h2>
          {section.claims.map((claim) => (
            <ClaimView claim={claim} refNumber={refNumber} />
          ))}
          {section.studies && section.studies.length > 0 ? (
            <>
              <StudyTable
                studies={section.studies.map((id) => studiesById.get(id)!)}
                caption={`Studies of ${drug.name}`}
                refNumber={refNumber}
              />
              <p>
                <a href={`/evidence/${drug.id}/alcohol-use-disorder`}>Evidence for alcohol use disorder, study by study</a>
              </p>
            </>
          ) : null}
        </section>
      ))}
      <References sources={sources} />
    </Layout>
  );
}

function renderHtml(node: unknown): string {
  return `<!doctype html>${String(node)}`;
}

export function registerKnowledgePages(app: App, deps: AppDeps): void {
  const { kb } = deps;
  const cache = new PageCache();
  const crisisLines = kb.content.crisisLines;
  // The guide's size is learnt after start-up, so it is part of the cache key of pages that show it.
  const guideSizeOf = (drug: Drug) => (drug.depth === 'monograph' ? guideLinkSize(deps, drug.id) : undefined);

  app.get('/', (c) => {
    const guideSize = guideLinkSize(deps, 'baclofen');
    return (
      cache.get(c, `home:${guideSize ?? ''}`, () =>
        renderHtml(
          <Layout
            title="Cited answers about medicines and addiction"
            description="Free, cited information on baclofen and the drugs it interacts with, with safe tools and help lines."
            crisisLines={crisisLines}
          >
            <h1>Medicine safety, with the sources shown</h1>
            <p>
              rxsafety answers questions about medicines and addiction with facts you can check: every statement links to its
              source. It starts with baclofen (Lioresal). It is free, sells nothing, and keeps no record of what you look up.
            </p>
            <form action="/search" method="get" role="search" class="inline">
              <div>
                <label for="home-q">Search a medicine or a question</label>
                <input id="home-q" name="q" type="search" maxlength={MAX_QUERY_CHARS} placeholder="e.g. baclofen withdrawal" />
              </div>
              <button type="submit">Search</button>
            </form>
            <h2>Start here</h2>
            <ul>
              <li>
                <a href="/drugs/baclofen">Baclofen: uses, dosing, withdrawal, misuse and interactions</a>
              </li>
              <li>
                <a href="/evidence/baclofen/alcohol-use-disorder">Does baclofen help with alcohol use disorder? The studies</a>
              </li>
              <li>
                <a href="/interactions?drugs=baclofen">Check baclofen with your other medicines</a>
              </li>
              <li>
                <a href="/plans">Make a dose plan to discuss with your prescriber</a>
              </li>
              <li>
                <a href="/check">Self-checks: alcohol use, baclofen misuse, withdrawal warning signs</a>
              </li>
              <li>
                <a href="/treatment">Find treatment near you</a>
              </li>
              <li>
                <a href="/guides/baclofen">The free baclofen guide {pdfNote(guideSize, ', no email needed')}</a>
              </li>
            </ul>
            <h2 id="all-medicines">All medicines and substances</h2>
            <ul class="drug-list">
              {[...kb.drugs.values()]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((d) => (
                  <li>
                    <a href={`/drugs/${d.id}`}>{d.name}</a>
                    {d.brandNames.length > 0 ? <span class="muted"> ({d.brandNames.slice(0, 3).join(', ')})</span> : null}
                  </li>
                ))}
            </ul>
          </Layout>,
        ),
      )
    );
  });

  // "/drugs" is where people look for the list when they trim a drug page's address: it is on the home page.
  app.get('/drugs', (c) => c.redirect('/#all-medicines', 301));

  app.get('/drugs/:idOrName', (c) => {
    const input = c.req.param('idOrName');
    const resolution = kb.resolveDrug(input);
    if (!resolution.ok) return drugNotFoundPage(c, kb, input);
    if (resolution.drug.id !== input) return c.redirect(`/drugs/${resolution.drug.id}`, 301);
    const guideSize = guideSizeOf(resolution.drug);
    return (cache.get(c, `drug:${resolution.drug.id}:${guideSize ?? ''}`, () => renderHtml(<DrugPage kb={kb} drug={resolution.drug} guideSize={guideSize} />)));
  });

  app.get('/evidence/:drug/:condition', (c) => {
    const drug = kb.drugs.get(c.req.param('drug'));
    const condition = kb.conditions.get(c.req.param('condition'));
    if (!drug || !condition) throw new AppError('not-found', 'There is no evidence page at this address.');
    const studies = kb.studiesFor({ drug: drug.id, condition: condition.id });
    if (studies.length === 0) throw new AppError('not-found', `rxsafety has no studies of ${drug.name} for ${condition.name.toLowerCase()}.`);
    return (
      cache.get(c, `evidence:${drug.id}:${condition.id}`, () => {
        const sourceIds = [...new Set(studies.flatMap((s) => s.sources))];
        const sources = sourceIds.map((id) => kb.sources.get(id)!);
        const numbers = new Map(sourceIds.map((id, i) => [id, i + 1]));
        return renderHtml(
          <Layout
            title={`${drug.name} for ${condition.name.toLowerCase()}: the evidence`}
            description={`All ${studies.length} studies of ${drug.name} for ${condition.name.toLowerCase()} that rxsafety has found, with design, size, dose and the main result as published, and their references.`}
            crisisLines={crisisLines}
          >
            <h1>
              {drug.name} for {condition.name.toLowerCase()}: the evidence
            </h1>
            <ReviewNotice drug={drug} />
            <p>
              Every study rxsafety has found, with its design, size and main result as published. Small uncontrolled
              studies and large randomised trials are listed together: read the design column before the result.
              The summary and the commonly misquoted figures are on the <a href={`/drugs/${drug.id}#evidence`}>{drug.name} page</a>.
            </p>
            <StudyTable studies={studies} caption={`${studies.length} studies of ${drug.name} for ${condition.name.toLowerCase()}`} refNumber={(id) => numbers.get(id) ?? 0} />
            <References sources={sources} />
          </Layout>,
        );
      })
    );
  });

  app.get('/search', (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, MAX_QUERY_CHARS);
    const results = q ? kb.search(q) : [];
    return c.html(
      renderHtml(
        <Layout title={q ? `Search: ${q}` : 'Search'} crisisLines={crisisLines}>
          <h1>Search</h1>
          <form action="/search" method="get" role="search" class="inline">
            <div>
              <label for="search-q">Search a medicine or a question</label>
              <input id="search-q" name="q" type="search" value={q} maxlength={MAX_QUERY_CHARS} />
            </div>
            <button type="submit">Search</button>
          </form>
          {q ? (
            results.length > 0 ? (
              <>
                <p role="status">
                  {results.length} result{results.length === 1 ? '' : 's'} for “{q}”.
                </p>
                <ol class="search-results">
                  {results.map((r) => (
                    <li>
                      <span class="result-type">{r.type}</span>
                      <br />
                      <a href={r.url}>{r.title}</a>
                      <br />
                      <span>{r.snippet}</span>
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p role="status">
                Nothing found for “{q}”. Try another spelling, a brand name, or a shorter phrase. If you need help now, the
                numbers at the top of this page answer day and night.
              </p>
            )
          ) : (
            <p>Type a medicine name, a brand name or a question.</p>
          )}
        </Layout>,
      ),
    );
  });

  app.get('/sources', (c) =>
    (
      cache.get(c, 'sources', () =>
        renderHtml(
          <Layout title="Sources" description="Every source rxsafety cites (drug labels, trials, reviews, guidelines and laboratory studies), with links to the originals." crisisLines={crisisLines}>
            <h1>Sources</h1>
            <p>Every source rxsafety cites, with the kind of evidence it is.</p>
            <ul>
              {[...kb.sources.values()]
                .sort((a, b) => a.title.localeCompare(b.title))
                .map((s) => (
                  <li>
                    <a href={`/sources/${s.id}`}>{s.title}</a> <span class="muted">({s.kind}, {s.year})</span>
                  </li>
                ))}
            </ul>
          </Layout>,
        ),
      )
    ),
  );

  app.get('/sources/:id', (c) => {
    const source = kb.sources.get(c.req.param('id'));
    if (!source) throw new AppError('not-found', 'There is no source with this id.');
    const link = sourceLink(source);
    return (
      cache.get(c, `source:${source.id}`, () =>
        renderHtml(
          <Layout title={source.title} description={`A source rxsafety cites: ${formatCitation(source)}`} crisisLines={crisisLines}>
            <h1>{source.title}</h1>
            <dl>
              <dt>Citation</dt>
              <dd>{formatCitation(source)}</dd>
              <dt>Kind</dt>
              <dd>{source.kind}</dd>
              {source.pmid ? (
                <>
                  <dt>PMID</dt>
                  <dd>{source.pmid}</dd>
                </>
              ) : null}
              {source.doi ? (
                <>
                  <dt>DOI</dt>
                  <dd>{source.doi}</dd>
                </>
              ) : null}
              {link ? (
                <>
                  <dt>Link</dt>
                  <dd>
                    <a href={link} rel="noopener noreferrer">
                      {link}
                    </a>
                  </dd>
                </>
              ) : null}
            </dl>
          </Layout>,
        ),
      )
    );
  });
}

function drugNotFoundPage(c: Context, kb: KnowledgeBase, input: string) {
  const resolution = kb.resolveDrug(input);
  const suggestions = resolution.ok ? [] : resolution.suggestions;
  return c.html(
    renderHtml(
      <Layout title="Drug not found" crisisLines={kb.content.crisisLines}>
        <h1>No drug called “{input}”</h1>
        {suggestions.length > 0 ? (
          <>
            <p>Did you mean:</p>
            <ul>
              {suggestions.map((s) => (
                <li>
                  <a href={`/drugs/${encodeURIComponent(s)}`}>{s}</a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>
            Check the spelling, or <a href={`/search?q=${encodeURIComponent(input)}`}>search for it</a>.
          </p>
        )}
      </Layout>,
    ),
    404,
  );
}
