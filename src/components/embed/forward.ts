/**
 * The language-neutral embed addresses (/embed/playground/, /embed/scenario/,
 * /embed/diagram/, /embed/diagram/<id>/) are tiny pages that forward to /{lang}/embed/…,
 * keeping the query and the hash (which carries the scenario). The language comes from
 * `?lang=<site language>`, else the browser's preference list, else the first site language.
 *
 * Inlined into those pages with Function.prototype.toString (it must run before anything
 * else, and without a module request): keep it self-contained — no imports, no outer names.
 */
export function forwardTarget(
  where: { pathname: string; search: string; hash: string },
  preferred: readonly string[],
  known: readonly string[],
): string {
  const params = where.search.replace(/^\?/, '').split('&').filter(Boolean);
  let lang = '';
  const kept: string[] = [];
  for (const pair of params) {
    const asked = /^lang=(.*)$/.exec(pair);
    if (!asked) kept.push(pair);
    else if (!lang && known.indexOf((asked[1] ?? '').toLowerCase()) >= 0)
      lang = (asked[1] ?? '').toLowerCase();
  }
  for (let i = 0; !lang && i < preferred.length; i++) {
    const primary = String(preferred[i]).toLowerCase().split('-')[0] ?? '';
    if (known.indexOf(primary) >= 0) lang = primary;
  }
  if (!lang) lang = known[0] ?? 'zh';
  const m =
    /^\/embed\/(playground|scenario|diagram)\/(?:([a-z0-9]+(?:-[a-z0-9]+)*)\/)?(?:index\.html)?$/.exec(
      where.pathname.replace(/\/?$/, '/').replace(/\/index\.html\/$/, '/'),
    );
  const rest = m ? `${m[1]}/${m[2] ? `${m[2]}/` : ''}` : '';
  const search = kept.length ? `?${kept.join('&')}` : '';
  return m ? `/${lang}/embed/${rest}${search}${where.hash}` : `/${lang}/`;
}
