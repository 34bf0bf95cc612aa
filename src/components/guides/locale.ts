import { isLang, type Lang } from '../../i18n/ui';

/**
 * The language of the page a guide component sits on. Starlight's route data is the
 * source of truth; the URL's first segment is the fallback for pages Starlight did not
 * render (e.g. a component used from a plain Astro page).
 */
export function pageLang(routeLocale: string | undefined, pathname: string): Lang {
  if (isLang(routeLocale)) return routeLocale;
  const first = pathname.split('/').filter(Boolean)[0];
  return isLang(first) ? first : 'zh';
}
