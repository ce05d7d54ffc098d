/** Entry point of Temporal's workflow bundle: every workflow type the worker runs. */
export { reminderWorkflow } from './reminder/workflow';
