// A practice's settings (TargetPracticeSettings) as a store write rule: a Basic that claims the profile, or
// carries the practice-settings code the selection finds it by, is checked with the package's own check
// (checkedPracticeSettings: read, then resolveSettings — what the selection runs; the app's settings view
// resolves its changes with the same resolveSettings) on every write path —
// REST create, update, patch, conditional create, each entry of a batch or transaction, the server's own
// writes, the bulk import. Invalid settings are a 422 naming the setting and why; nothing is written. The
// profile (FSH) constrains types and cardinality; ranges and cross-field rules (a weight ≥ 0, method fixed ⇒
// both thresholds, medium ≤ high…) only the package's rules know. Whether the chronic-disease ValueSet exists
// and lists the diseases of the practice's own codes needs a search, so the selection checks that when it runs.
import { OperationOutcomeError } from '@medplum/core';
import { checkedPracticeSettings, isPracticeSettingsResource, SettingsError } from '@target/profiles';
import { unprocessable } from '../../platform/outcomes.ts';
import type { WriteRule } from '../../store/write/write-rules.ts';
import { asR4 } from '../repository-reader.ts';

export const SETTINGS_RULE: WriteRule = {
  resourceType: 'Basic',
  check(_before, after) {
    const basic = after?.resourceType === 'Basic' ? asR4('Basic', after) : undefined;
    if (!basic || !isPracticeSettingsResource(basic)) {
      return;
    }
    try {
      checkedPracticeSettings(basic);
    } catch (err) {
      if (!(err instanceof SettingsError)) {
        throw err;
      }
      // A value the rules cannot run with breaks a business rule; an unreadable resource is invalid content.
      const code = err.reason === 'unreadable' ? 'invalid' : 'business-rule';
      const setting = err.setting ? `${err.setting}: ` : '';
      throw new OperationOutcomeError(
        unprocessable([
          {
            severity: 'error',
            code,
            details: { text: `Practice settings: ${setting}${err.message}` },
            diagnostics: `${setting}${err.message}`,
            ...(err.setting ? { expression: [err.setting] } : {}),
          },
        ]),
      );
    }
  },
};
