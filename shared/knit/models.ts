/**
 * Knit's employee data models and sync frequencies.
 * Source: Knit "Employee Data Models" and the employee sync guide (shared/knit/README.md).
 */

/** One subscribable employee model: its Knit model id and the key it fills in `eventData`. */
export interface EmployeeModel {
  /** Knit's model id, as sent in `sync.start` `models`. */
  readonly id: string;
  /** The key(s) under which the model's data appears in a `record.*` event's `eventData`. */
  readonly keys: readonly string[];
  readonly label: string;
  /** What the model contains, in words, for the setup checklist. */
  readonly contains: string;
  /** Subscribed by Knit's guide, so checked by default. */
  readonly defaultOn: boolean;
}

export const EMPLOYEE_MODELS = [
  {
    id: 'employee_profile',
    keys: ['profile'],
    label: 'Profile',
    contains: 'id, employee number, names, work email, birth, start and termination dates, employment status and type, gender',
    defaultOn: true,
  },
  { id: 'employee_orgStructure', keys: ['orgStructure'], label: 'Org structure', contains: 'designation, department and manager', defaultOn: true },
  { id: 'employee_dependent', keys: ['dependents'], label: 'Dependents', contains: 'family members and other dependents', defaultOn: true },
  { id: 'employee_location', keys: ['locations'], label: 'Locations', contains: 'work and present addresses', defaultOn: true },
  { id: 'employee_contactInfo', keys: ['contactInfo'], label: 'Contact info', contains: 'personal email and phone numbers', defaultOn: true },
  {
    id: 'employee_bankAccount',
    keys: ['bankAccountDetails', 'bankAccounts'],
    label: 'Bank accounts',
    contains: 'bank name, account and routing numbers (masked in this app)',
    defaultOn: true,
  },
  { id: 'employee_kycDocuments', keys: ['employeeKYC'], label: 'KYC documents', contains: 'identity documents for KYC', defaultOn: false },
  { id: 'employee_identification', keys: ['employeeIdentificationData'], label: 'Identification', contains: 'national ids and tax numbers', defaultOn: false },
  { id: 'employee_profilePicture', keys: ['employeeProfilePicture'], label: 'Profile picture', contains: 'picture URL', defaultOn: false },
  { id: 'employee_compensation', keys: ['compensation'], label: 'Compensation', contains: 'pay, variable pay and stock', defaultOn: false },
  { id: 'employee_deductions', keys: ['deductions'], label: 'Deductions', contains: 'payroll deductions', defaultOn: false },
  { id: 'employee_w4', keys: ['w4Data'], label: 'W-4', contains: 'US federal withholding form data', defaultOn: false },
  { id: 'employee_company', keys: ['company'], label: 'Company', contains: 'the employing company', defaultOn: false },
  { id: 'employee_rawValues', keys: ['rawValues'], label: 'Raw values', contains: "the source system's unmapped fields", defaultOn: false },
  { id: 'employee_leave_requests', keys: ['leaveRequests'], label: 'Leave requests', contains: 'time-off requests', defaultOn: false },
  { id: 'custom_fields', keys: ['customFields'], label: 'Custom fields', contains: 'fields mapped by the customer', defaultOn: false },
] as const satisfies readonly EmployeeModel[];

/** A Knit employee model id, e.g. `employee_profile`. */
export type EmployeeModelId = (typeof EMPLOYEE_MODELS)[number]['id'];

export const EMPLOYEE_MODEL_IDS = EMPLOYEE_MODELS.map((m) => m.id) as [EmployeeModelId, ...EmployeeModelId[]];

/** The six models Knit's guide subscribes: the default selection. */
export const DEFAULT_MODEL_IDS: EmployeeModelId[] = EMPLOYEE_MODELS.filter((m) => m.defaultOn).map((m) => m.id);

/** Knit's sync frequencies (`sync.start` `frequency`), with the period each stands for. */
export const SYNC_FREQUENCIES = [
  { id: 'standard', hours: 24, label: 'Standard: every 24 h' },
  { id: 'medium', hours: 12, label: 'Medium: every 12 h' },
  { id: 'high', hours: 6, label: 'High: every 6 h' },
] as const;

export type SyncFrequency = (typeof SYNC_FREQUENCIES)[number]['id'];
export const SYNC_FREQUENCY_IDS = SYNC_FREQUENCIES.map((f) => f.id) as [SyncFrequency, ...SyncFrequency[]];

/** `initial_sync`: active records only, as `record.new`; `delta_sync`: new, modified and deleted. */
export type SyncType = 'initial_sync' | 'delta_sync';
