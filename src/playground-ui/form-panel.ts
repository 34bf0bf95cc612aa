import type { Translator } from '../i18n/catalog';
import { applyField, type FieldName, type FormValues, isV2Rest, readForm } from './form-model';
import { part } from './page-parts';
import { restProblem } from './scenario-text';

/**
 * The client form: a view of the scenario's YAML (request, steps, backend) that edits it
 * field by field. The YAML stays the truth: `refresh` reads the form from it, and an input
 * writes one field back into it (`onChange` gets the new YAML). While the YAML cannot be read,
 * the form is disabled and says why.
 */
export class FormPanel {
  private readonly form: HTMLFormElement;
  private readonly error: HTMLElement;
  private readonly onInput = (event: Event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    const name = target.name as FieldName;
    if (!name) return;
    const value =
      target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    const result = applyField(this.rest(), name, value);
    if (!result.ok) {
      this.error.hidden = false;
      this.error.textContent = this.t('form.stepsError', result.error);
      return;
    }
    this.error.hidden = true;
    this.onChange(result.rest);
  };

  constructor(
    root: HTMLElement,
    private readonly t: Translator<'playground'>,
    /** The scenario's YAML as it is now. */
    private readonly rest: () => string,
    private readonly onChange: (rest: string) => void,
  ) {
    this.form = part<HTMLFormElement>(root, 'form');
    this.error = part(root, 'form-error');
    this.form.addEventListener('input', this.onInput);
    this.form.addEventListener('submit', (e) => e.preventDefault());
  }

  /** Reads the form's fields from the YAML. */
  refresh(rest: string): void {
    const values = readForm(rest);
    const fieldsets = this.form.querySelectorAll('fieldset');
    if (!values) {
      this.error.hidden = false;
      this.error.textContent = this.t('form.yamlBroken', { message: restProblem(rest) ?? '' });
      for (const f of fieldsets) f.disabled = true;
      return;
    }
    if (isV2Rest(rest)) {
      // The form edits one client (v1); a v2 scenario is edited in the YAML.
      this.error.hidden = false;
      this.error.textContent = this.t('form.v2');
      // Its fields would show some other client: hide them rather than mislead.
      for (const f of fieldsets) {
        f.disabled = true;
        f.hidden = true;
      }
      return;
    }
    this.error.hidden = true;
    for (const f of fieldsets) {
      f.disabled = false;
      f.hidden = false;
    }
    writeForm(this.form, values);
  }
}

/** Puts values into the form's fields, leaving alone the one the reader is typing in. */
function writeForm(form: HTMLFormElement, values: FormValues): void {
  const active = document.activeElement;
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements.namedItem(name);
    if (
      !(
        field instanceof HTMLInputElement ||
        field instanceof HTMLSelectElement ||
        field instanceof HTMLTextAreaElement
      )
    )
      continue;
    if (field === active) continue;
    if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = Boolean(value);
    else if (field instanceof HTMLSelectElement && ![...field.options].some((o) => o.value === value)) {
      field.append(new Option(String(value), String(value)));
      field.value = String(value);
    } else field.value = String(value);
  }
}
