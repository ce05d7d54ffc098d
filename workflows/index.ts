/** Entry point of Temporal's workflow bundle: every workflow type the worker runs. */
export { reminderWorkflow } from './reminder/workflow';
export { positionWorkflow } from './position/workflow';
export { milestoneWorkflow } from './milestone/workflow';
export { councilPaperWorkflow } from './council-paper/workflow';
export { applicationWorkflow } from './application/workflow';
