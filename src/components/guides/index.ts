// The guide components in one import for MDX pages (content/docs/<lang>/guides/*.mdx):
//   import { Mermaid, ScenarioSnippet, Sources, CommonMistakes } from '../../../../src/components/guides';

export { default as ByVersion } from './ByVersion.astro';
export { default as CommonMistakes } from './CommonMistakes.astro';
export { default as Mermaid } from './Mermaid.astro';
export { default as ScenarioSnippet } from './ScenarioSnippet.astro';
export { default as Sources } from './Sources.astro';
