import { type Command, Option } from 'commander';
import { DossierError } from '../errors.js';
import { DEFAULT_DB } from '../store/index.js';
import type { ClaimDetail, ClaimSummary } from '../store/store.js';
import { EXIT } from './exit.js';
import { inert } from './format.js';
import { positiveInt } from './parse.js';
import { withReadStore } from './read-store.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'undated');

/** `dossier claims` and `dossier claim ID`: statements that recur across articles, as the link stage grouped them. */
export function registerClaimCommands(program: Command, setStatus: (status: number) => void): void {
  const dbOption = () =>
    new Option('--db <path>', 'dossier database (SQLite file, or postgres:// URL)')
      .env('DOSSIER_DB')
      .default(DEFAULT_DB);

  program
    .command('claims')
    .description('list claims: statements carried by two or more articles, most articles first')
    .addOption(dbOption())
    .option('--entity <name>', 'only claims whose text or speakers name this')
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--json', 'print JSON lines: {id, text, first, articles, outlets, speakers}')
    .action(async (o: { db: string; entity?: string; limit: number; json?: boolean }) => {
      setStatus(
        await withReadStore(o.db, async (store) => {
          const claims = await store.listClaims({ entity: o.entity }, o.limit);
          for (const c of claims) {
            if (o.json) out(JSON.stringify(c));
            else printSummary(c);
          }
          if (!o.json && claims.length === 0) out('no claims match (claims come from analysed articles: dossier link)');
          return EXIT.ok;
        }),
      );
    });

  program
    .command('claim')
    .description('show one claim: every statement with its article, outlet, date and speaker')
    .argument('<id>', 'claim id (a unique prefix is enough; list them with dossier claims)')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action(async (id: string, o: { db: string; json?: boolean }) => {
      setStatus(
        await withReadStore(o.db, async (store) => {
          const claim = await store.getClaim(id);
          if (!claim) throw new DossierError('E_NOT_FOUND', `no claim with id ${id} (list them with: dossier claims)`);
          if (o.json) out(JSON.stringify(claim));
          else printClaim(claim);
          return EXIT.ok;
        }),
      );
    });
}

function printSummary(c: ClaimSummary): void {
  out(
    `${c.id}  ${String(c.articles).padStart(3)} art  first ${day(c.first.published)}  ${c.outlets.map(inert).join(', ')}`,
  );
  out(`    ${inert(c.text)}`);
}

function printClaim(c: ClaimDetail): void {
  out(`claim     ${c.id}`);
  out(`text      ${inert(c.text)}`);
  out(`first     ${day(c.first.published)} in article ${c.first.article}`);
  out(
    `carried   ${c.articles} articles; outlets ${c.outlets.map(inert).join(', ') || '-'}; speakers ${c.speakers.map(inert).join(', ') || '-'}`,
  );
  out('');
  for (const st of c.statements) {
    out(
      `  ${day(st.published)}  ${(st.outlet ?? '-').slice(0, 22).padEnd(22)}  ${st.article}@${st.start}-${st.end}  ${st.kind === 'quote' ? `${inert(st.speaker ?? '?')}: ` : ''}${inert(st.text)}`,
    );
  }
}
