import type { FC } from 'hono/jsx';
import type { Claim, ClaimTable, Source, Study } from '../schema.ts';
import { verdictLabel } from '../myth-verdicts.ts';

/** Formats a source as one line of a reference list. */
export function formatCitation(source: Source): string {
  return `${source.authors}. ${source.title}. ${source.publisher}${source.year ? `, ${source.year}` : ''}.`;
}

export function sourceLink(source: Source): string | undefined {
  if (source.url) return source.url;
  if (source.doi) return `https://doi.org/${source.doi}`;
  if (source.pmid) return `https://pubmed.ncbi.nlm.nih.gov/${source.pmid}/`;
  return undefined;
}

export const TableView: FC<{ table: ClaimTable }> = ({ table }) => (
  <div class="table-wrap">
    <table>
      <caption>{table.caption}</caption>
      <thead>
        <tr>
          {table.columns.map((col) => (
            <th scope="col">{col}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr>
            {row.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/** One claim with its numbered references (numbers come from the page's reference order). */
export const ClaimView: FC<{ claim: Claim; refNumber: (sourceId: string) => number }> = ({ claim, refNumber }) => (
  <div class={`claim${claim.emphasis ? ` ${claim.emphasis}` : ''}`} id={`claim-${claim.id}`}>
    {claim.myth ? (
      <p>
        <span class="label">Often published:</span> “{claim.myth.published}” <strong>{verdictLabel[claim.myth.verdict]}.</strong>
      </p>
    ) : null}
    <p>
      {claim.emphasis === 'danger' ? <span class="label">Danger: </span> : claim.emphasis === 'warning' ? <span class="label">Caution: </span> : null}
      {claim.text}
      {claim.confidence && claim.confidence !== 'high' ? <span class="muted"> (evidence {claim.confidence === 'medium' ? 'partly verified' : 'not verified'})</span> : null}
      <sup class="refs">
        {claim.sources.map((sid) => {
          const n = refNumber(sid);
          return (
            <a href={`#ref-${n}`} aria-label={`Reference ${n}`}>
              [{n}]
            </a>
          );
        })}
      </sup>
    </p>
    {claim.table ? <TableView table={claim.table} /> : null}
  </div>
);

/**
 * The study table: every figure comes from the study record (content/studies/*.yaml), so a number
 * is typed once and shown the same on every page, in the API and in the guide.
 */
export const StudyTable: FC<{ studies: readonly Study[]; caption: string; refNumber?: (sourceId: string) => number }> = ({
  studies,
  caption,
  refNumber,
}) => (
  <div class="table-wrap">
    <table class="studies">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Study</th>
          <th scope="col">Design and size</th>
          <th scope="col">Population</th>
          <th scope="col">Dose</th>
          <th scope="col">Duration</th>
          <th scope="col">Outcome and effect</th>
          <th scope="col">Result</th>
          <th scope="col">Limitations</th>
        </tr>
      </thead>
      <tbody>
        {studies.map((s) => (
          <tr id={`study-${s.id}`}>
            <th scope="row">
              {s.title}
              {refNumber ? (
                <sup class="refs">
                  {s.sources.map((sid) => (
                    <a href={`#ref-${refNumber(sid)}`} aria-label={`Reference ${refNumber(sid)}`}>
                      [{refNumber(sid)}]
                    </a>
                  ))}
                </sup>
              ) : null}
            </th>
            <td>
              {s.design}
              {s.n !== undefined ? `, n=${s.n.toLocaleString('en-US')}` : ''}
              {s.nNote ? ` (${s.nNote})` : ''}
            </td>
            <td>{s.population}</td>
            <td>{s.dose}</td>
            <td>{s.duration}</td>
            <td>
              {s.outcome}: <strong>{s.effectSize}</strong>
            </td>
            <td>{s.result}</td>
            <td>{s.limitations}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

export const References: FC<{ sources: readonly Source[] }> = ({ sources }) => (
  <section aria-labelledby="references">
    <h2 id="references">References</h2>
    <ol class="references">
      {sources.map((source, i) => {
        const link = sourceLink(source);
        return (
          <li id={`ref-${i + 1}`}>
            {formatCitation(source)}{' '}
            {source.pmid ? <span>PMID {source.pmid}. </span> : null}
            {link ? (
              <a href={link} rel="noopener noreferrer">
                {link.length > 70 ? 'Link to source' : link}
              </a>
            ) : null}{' '}
            <a href={`/sources/${source.id}`} class="muted">
              (details)
            </a>
          </li>
        );
      })}
    </ol>
  </section>
);
