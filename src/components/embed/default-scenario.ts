import canonical from '../../../content/presets/basic/canonical.yaml?raw';

/**
 * What the live embed shows when its link has no `s=` at all: the playground's default
 * preset (basic/canonical). Imported alone, so the embed does not carry every preset.
 */
export function configPresetText(): string {
  return canonical;
}
