// Server services that operations need beyond the repository of the request. Operation handlers that use
// them are made by factories taking this object (e.g. exportHandler(services)); new services are added here.
import type { ChronicDiseaseTerminology } from '@target/profiles';
import type { JobService } from '../../jobs/service.ts';
import type { Logger } from '../../platform/logger.ts';

export interface TargetServices {
  readonly jobs: JobService;
  /** e.g. http://localhost:8080/fhir */
  readonly fhirBaseUrl: string;
  readonly logger: Logger;
  /** SNOMED CT descendants of the chronic-disease codes (TARGET_TERMINOLOGY_URL); absent: none configured. */
  readonly terminology?: ChronicDiseaseTerminology;
}
