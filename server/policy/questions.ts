// The built-in security-question catalog, localized; custom questions come from the policy in their own language.
import type { Policy } from '../../api/policy.ts';

type Catalog = Record<string, { en: string; fr: string; de: string }>;

export const builtinQuestions: Catalog = {
  'builtin.first-pet': {
    en: 'What was the name of your first pet?',
    fr: 'Quel était le nom de votre premier animal de compagnie ?',
    de: 'Wie hieß Ihr erstes Haustier?',
  },
  'builtin.birth-city': {
    en: 'In what city were you born?',
    fr: 'Dans quelle ville êtes-vous né(e) ?',
    de: 'In welcher Stadt wurden Sie geboren?',
  },
  'builtin.first-school': {
    en: 'What was the name of your first school?',
    fr: 'Comment s’appelait votre première école ?',
    de: 'Wie hieß Ihre erste Schule?',
  },
  'builtin.childhood-friend': {
    en: 'What was the first name of your best childhood friend?',
    fr: 'Quel était le prénom de votre meilleur ami d’enfance ?',
    de: 'Wie lautete der Vorname Ihres besten Freundes aus der Kindheit?',
  },
  'builtin.first-car': {
    en: 'What was the make and model of your first car?',
    fr: 'Quels étaient la marque et le modèle de votre première voiture ?',
    de: 'Welche Marke und welches Modell hatte Ihr erstes Auto?',
  },
  'builtin.first-job': {
    en: 'In what city did you have your first job?',
    fr: 'Dans quelle ville avez-vous eu votre premier emploi ?',
    de: 'In welcher Stadt hatten Sie Ihre erste Arbeitsstelle?',
  },
  'builtin.favorite-teacher': {
    en: 'What was the last name of your favorite teacher?',
    fr: 'Quel était le nom de famille de votre enseignant préféré ?',
    de: 'Wie lautete der Nachname Ihrer Lieblingslehrkraft?',
  },
  'builtin.parents-met': {
    en: 'In what city did your parents meet?',
    fr: 'Dans quelle ville vos parents se sont-ils rencontrés ?',
    de: 'In welcher Stadt haben sich Ihre Eltern kennengelernt?',
  },
  'builtin.childhood-street': {
    en: 'What was the name of the street you grew up on?',
    fr: 'Quel était le nom de la rue où vous avez grandi ?',
    de: 'Wie hieß die Straße, in der Sie aufgewachsen sind?',
  },
  'builtin.first-concert': {
    en: 'What was the first concert you attended?',
    fr: 'Quel a été le premier concert auquel vous avez assisté ?',
    de: 'Was war das erste Konzert, das Sie besucht haben?',
  },
  'builtin.grandmother-maiden': {
    en: "What was your maternal grandmother's maiden name?",
    fr: 'Quel était le nom de jeune fille de votre grand-mère maternelle ?',
    de: 'Wie lautete der Geburtsname Ihrer Großmutter mütterlicherseits?',
  },
  'builtin.dream-job': {
    en: 'What job did you want as a child?',
    fr: 'Quel métier vouliez-vous faire enfant ?',
    de: 'Welchen Beruf wollten Sie als Kind ergreifen?',
  },
};

export const questionLocales = ['en', 'fr', 'de'] as const;
type QuestionLocale = (typeof questionLocales)[number];

/** The questions the policy offers, in the user's language where the catalog has it. */
export function questionCatalog(p: Policy, locale: string): { id: string; text: string }[] {
  const lang = (questionLocales as readonly string[]).includes(locale) ? (locale as QuestionLocale) : 'en';
  const ids = p.methods.questions.builtin ?? Object.keys(builtinQuestions);
  const builtin = ids.flatMap((id) => {
    const q = builtinQuestions[id];
    return q ? [{ id, text: q[lang] }] : [];
  });
  return [...builtin, ...p.methods.questions.custom].slice(0, 20);
}
