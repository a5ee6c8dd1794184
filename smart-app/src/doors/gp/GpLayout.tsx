// The GP/POH door's frame: one compact header (TARGET, the practice, the sections, NL/EN) that wraps at
// 800 px, a skip link for keyboard users, the patient's name when no EHR banner shows it (SMART
// need_patient_banner), and the lazy-loaded section below.
import { Box, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { formatDate, formatHumanName } from '@medplum/core';
import type { Organization, Patient } from '@medplum/fhirtypes';
import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { LoadingState } from '../../components/ViewState.tsx';
import { type Language, useLanguage, useTranslate } from '../../i18n/index.tsx';
import { useSmartSession } from '../../launch/session.ts';
import classes from './GpLayout.module.css';
import { gpMessages } from './messages.ts';

/** A resource the header names, or undefined while loading or when it cannot be read (then nothing is shown). */
function useResource<T extends Organization | Patient>(type: T['resourceType'], id: string | undefined) {
  const { medplum } = useSmartSession();
  const [resource, setResource] = useState<T>();
  useEffect(() => {
    let active = true;
    setResource(undefined);
    if (id) {
      medplum
        .readResource(type, id)
        .then((read) => active && setResource(read as T))
        .catch(() => undefined);
    }
    return () => {
      active = false;
    };
  }, [medplum, type, id]);
  return resource;
}

export function GpLayout() {
  const t = useTranslate(gpMessages);
  const { language, setLanguage } = useLanguage();
  const session = useSmartSession();
  const practice = useResource<Organization>('Organization', session.practiceId);
  const patient = useResource<Patient>('Patient', session.needPatientBanner ? session.patientId : undefined);
  const sections = [
    { to: '/gp/worklist', label: t('worklist') },
    { to: '/gp/patient', label: t('patient') },
    // The conversation is about one patient: offered when the launch named one.
    ...(session.patientId ? [{ to: '/gp/conversation', label: t('conversation') }] : []),
    { to: '/gp/settings', label: t('settings') },
  ];

  return (
    <>
      <a href="#main" className={classes.skipLink} data-app-chrome>
        {t('skipToContent')}
      </a>
      <Box
        component="header"
        data-app-chrome
        px="sm"
        py={6}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Title order={1} size="h4">
              TARGET
            </Title>
            {practice?.name && (
              <Text size="sm" c="dimmed" data-testid="practice-name">
                {practice.name}
              </Text>
            )}
          </Group>
          <Group component="nav" aria-label={t('navigation')} gap={4} wrap="wrap">
            {sections.map((section) => (
              <NavLink key={section.to} to={section.to} className={classes.navLink}>
                {section.label}
              </NavLink>
            ))}
          </Group>
          <SegmentedControl
            size="xs"
            aria-label={t('language')}
            value={language}
            onChange={(value) => setLanguage(value as Language)}
            data={[
              { value: 'nl', label: 'NL' },
              { value: 'en', label: 'EN' },
            ]}
          />
        </Group>
        {patient && (
          <Text size="sm" mt={4} data-testid="patient-banner" data-patient-id={patient.id}>
            <Text span fw={600}>
              {formatHumanName(patient.name?.[0])}
            </Text>
            {patient.birthDate &&
              ` · ${t('born', { date: formatDate(patient.birthDate, language === 'nl' ? 'nl-NL' : 'en-GB') })}`}
          </Text>
        )}
      </Box>
      <Box component="main" id="main" tabIndex={-1} px="sm" py="sm">
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </Box>
    </>
  );
}
