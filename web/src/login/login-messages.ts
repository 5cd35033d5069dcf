/**
 * The strings of the team-mode login page and the account menu, English and Norwegian bokmål.
 * Picked with `loginMessages(useI18n().lang)`; `nb` must have exactly the keys of `en` (the type
 * checks it).
 */
import type { Lang } from '../i18n/i18n.js';

const en = {
  title: 'Log in',
  intro: 'This innsyn is shared by a team. Log in with the user name and password an admin gave you.',
  name: 'User name',
  password: 'Password',
  submit: 'Log in',
  working: 'Logging in…',
  wrong: 'Wrong user name or password.',
  limited: (wait: string) =>
    `Too many failed logins for this name or from this address. Try again in ${wait}.`,
  limitedSoon: 'Too many failed logins for this name or from this address. Try again later.',
  seconds: (n: number) => (n === 1 ? '1 second' : `${n} seconds`),
  minutes: (n: number) => (n === 1 ? '1 minute' : `${n} minutes`),
  network: 'The server cannot be reached. Check the connection and try again.',
  failed: 'The server could not log you in. Try again, or ask an admin.',
  forgot: 'Forgot the password? An admin sets a new one with innsyn users passwd.',
  language: 'Language',
  // The account menu in the header.
  signedInAs: (name: string) => `Logged in as ${name}`,
  roleAdmin: 'admin',
  roleEditor: 'editor',
  roleReader: 'reader',
  logout: 'Log out',
  loggingOut: 'Logging out…',
  adminPage: 'Administration',
  sessionEnded: 'Your session has ended. Log in again.',
};

export type LoginMessages = typeof en;

const nb: LoginMessages = {
  title: 'Logg inn',
  intro:
    'Denne innsyn-tjenesten deles av et team. Logg inn med brukernavnet og passordet du har fått av en administrator.',
  name: 'Brukernavn',
  password: 'Passord',
  submit: 'Logg inn',
  working: 'Logger inn …',
  wrong: 'Feil brukernavn eller passord.',
  limited: (wait: string) =>
    `For mange mislykte innlogginger for dette navnet eller fra denne adressen. Prøv igjen om ${wait}.`,
  limitedSoon:
    'For mange mislykte innlogginger for dette navnet eller fra denne adressen. Prøv igjen senere.',
  seconds: (n: number) => (n === 1 ? '1 sekund' : `${n} sekunder`),
  minutes: (n: number) => (n === 1 ? '1 minutt' : `${n} minutter`),
  network: 'Får ikke kontakt med serveren. Sjekk forbindelsen og prøv igjen.',
  failed: 'Serveren klarte ikke å logge deg inn. Prøv igjen, eller spør en administrator.',
  forgot: 'Glemt passordet? En administrator setter et nytt med innsyn users passwd.',
  language: 'Språk',
  signedInAs: (name: string) => `Logget inn som ${name}`,
  roleAdmin: 'administrator',
  roleEditor: 'redaktør',
  roleReader: 'leser',
  logout: 'Logg ut',
  loggingOut: 'Logger ut …',
  adminPage: 'Administrasjon',
  sessionEnded: 'Økten din er avsluttet. Logg inn igjen.',
};

const MESSAGES: Record<Lang, LoginMessages> = { en, nb };

export function loginMessages(lang: Lang): LoginMessages {
  return MESSAGES[lang];
}

/** How long to wait, in words: seconds under a minute and a half, else whole minutes (rounded up). */
export function waitWords(t: LoginMessages, seconds: number): string {
  return seconds < 90 ? t.seconds(seconds) : t.minutes(Math.ceil(seconds / 60));
}
