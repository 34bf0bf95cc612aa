import { languages } from '../../i18n/languages';
import { catalogue } from '../exercises/catalog';
import { type CoursePath, parseCoursePath } from './path';

/**
 * The course path as the site builds it: content/course/path.yaml checked against the exercise
 * catalogue and the guides that exist in every language. A wrong entry fails the build.
 */
const source = import.meta.glob<string>('/content/course/path.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
})['/content/course/path.yaml'];

const guideFiles = Object.keys(import.meta.glob('/content/docs/*/guides/*.mdx'));

/** Guide slugs present in every site language. */
export function guidesInEveryLanguage(files: readonly string[]): Set<string> {
  const byLang = languages.map(
    (lang) =>
      new Set(
        files
          .map((f) => f.match(new RegExp(`/content/docs/${lang}/guides/([^/]+)\\.mdx$`))?.[1])
          .filter((s): s is string => s !== undefined),
      ),
  );
  const [first, ...rest] = byLang;
  return new Set([...(first ?? [])].filter((slug) => rest.every((set) => set.has(slug))));
}

function build(): CoursePath {
  if (source === undefined) throw new Error('content/course/path.yaml is missing');
  const { path, errors } = parseCoursePath(source, {
    exercises: new Set(catalogue.map((e) => e.exercise.id)),
    guides: guidesInEveryLanguage(guideFiles),
  });
  if (errors.length) throw new Error(`content/course/path.yaml:\n${errors.join('\n')}`);
  return path;
}

export const coursePath: CoursePath = build();
