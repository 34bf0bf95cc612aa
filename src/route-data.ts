import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { guidePageItems } from './components/embed/guide-page-items';

/**
 * Starlight route middleware (astro.config.mjs `routeMiddleware`): a guide page names the
 * oEmbed JSON of every diagram and scenario snippet it shows, so a wiki that embeds by URL
 * finds them from the guide's address too (the first one is the page's first item).
 */
export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const lang = route.locale ?? '';
  const body = (route.entry as { body?: string }).body;
  if (!body || !/^(?:zh|en)$/.test(lang)) return;
  for (const item of guidePageItems(body, lang, context.url.pathname)) {
    route.head.push({
      tag: 'link',
      attrs: {
        rel: 'alternate',
        type: 'application/json+oembed',
        href: context.site ? new URL(item.oembed, context.site).href : item.oembed,
        title: item.title,
      },
    });
  }
});
