/** `<ws-diagnostics>`: import this module in the page's script to register the element. */
import { defineWsDiagnostics } from './ws-diagnostics';

export type { ApplyFixDetail, GotoLineDetail } from './ws-diagnostics';
export { defineWsDiagnostics, WsDiagnostics } from './ws-diagnostics';

if (typeof customElements !== 'undefined') defineWsDiagnostics();
