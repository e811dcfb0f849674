/** The shared contract: Knit facts, the CompanionApi and the shapes it carries. */
export * from './knit/models';
export * from './knit/environments';
export * from './knit/events';
export * from './api/types';
export * from './api/rejections';
export * from './api/companion-api';
