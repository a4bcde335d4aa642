// French message texts. SMS texts avoid letters outside GSM-7 (ç, ê, â, ô, œ…) so they stay one segment.
import type { Catalog, ContactChange, ContactMethod, ContactVars, RolloutVars } from './catalog.ts';

const minutes = (n: number) => `${n} minute${n > 1 ? 's' : ''}`;

const methodNames: Record<ContactMethod, string> = {
  alternateEmail: 'e-mail secondaire',
  mobilePhone: 'téléphone mobile',
  officePhone: 'téléphone professionnel',
  questions: 'questions de sécurité',
};

// Nouns rather than participles: a participle would have to agree with each method's gender.
const changeNames: Record<ContactChange, string> = {
  added: 'Ajout',
  changed: 'Modification',
  removed: 'Suppression',
};

// SMS has no room for nested brackets: the masked value just follows the method.
const smsChangeLine = (v: ContactVars) =>
  `${changeNames[v.change]} : ${methodNames[v.method]}${v.contact ? ` ${v.contact}` : ''}`;

const changeLine = (v: ContactVars, contact = v.contact) =>
  `${changeNames[v.change]} : ${methodNames[v.method]}${contact ? ` (${contact})` : ''}`;

const helpdeskLine = (helpdesk: string | undefined) =>
  `Si ce n'est pas vous, contactez immédiatement votre support informatique${helpdesk ? ` : ${helpdesk}` : ''}.`;

const noPhishing = (org: string) =>
  `${org} ne vous demandera jamais ce code par téléphone, e-mail ou messagerie. Ne le communiquez à personne.`;

const footer = (org: string) =>
  `Ce message a été envoyé par le service de réinitialisation de mot de passe de ${org}. Les réponses ne sont pas lues.`;

// Campagne de déploiement (e-mail seulement). L'URL est sur sa propre ligne indentée, encadrée dans le HTML.
const rolloutNoPassword = (org: string) =>
  `${org} ne vous demandera jamais votre mot de passe par e-mail. En cas de doute, ne cliquez pas : saisissez vous-même l'adresse du site de réinitialisation.`;

const rolloutHelp = (helpdesk: string | undefined) =>
  `Des questions ? Contactez votre support informatique${helpdesk ? ` : ${helpdesk}` : ''}.`;

const registerNow = (v: RolloutVars) =>
  v.url
    ? [
        `Pour l'utiliser, enregistrez dès maintenant vos informations de récupération (téléphone mobile, adresse e-mail secondaire ou questions de sécurité). Cela ne prend que quelques minutes :`,
        `    ${v.url}`,
      ]
    : [
        `Pour l'utiliser, enregistrez dès maintenant vos informations de récupération (téléphone mobile, adresse e-mail secondaire ou questions de sécurité). Cela ne prend que quelques minutes sur le site de réinitialisation de mot de passe de ${v.org}.`,
      ];

export const fr: Catalog = {
  reset_code: {
    email: (v) => ({
      subject: `Votre code de réinitialisation de mot de passe ${v.org}`,
      text: [
        `Votre code de réinitialisation de mot de passe ${v.org} est :`,
        `    ${v.code}`,
        `Il expire dans ${minutes(v.minutes)}. Saisissez-le là où vous avez demandé la réinitialisation.`,
        noPhishing(v.org),
        `Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.code} est votre code de réinitialisation ${v.org}. Il expire dans ${minutes(v.minutes)}. Ne le partagez pas.`,
    voice: (v) =>
      `Bonjour. Ici ${v.org}. Votre code de réinitialisation est : ${v.spoken}. Je répète, votre code est : ${v.spoken}. ` +
      `Il expire dans ${minutes(v.minutes)}. Au revoir.`,
  },
  verify_code: {
    email: (v) => ({
      subject: `Votre code de vérification ${v.org}`,
      text: [
        `Utilisez ce code pour confirmer cette adresse pour la réinitialisation de mot de passe ${v.org} :`,
        `    ${v.code}`,
        `Il expire dans ${minutes(v.minutes)}.`,
        noPhishing(v.org),
        `Si vous n'avez rien demandé, quelqu'un a peut-être saisi votre adresse par erreur. Vous pouvez ignorer ce message.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) => `${v.code} est votre code de vérification ${v.org}. Il expire dans ${minutes(v.minutes)}.`,
    voice: (v) =>
      `Bonjour. Ici ${v.org}. Votre code de vérification est : ${v.spoken}. Je répète, votre code est : ${v.spoken}. ` +
      `Il expire dans ${minutes(v.minutes)}. Au revoir.`,
  },
  password_changed: {
    email: (v) => ({
      subject: `Le mot de passe de votre compte ${v.org} a été modifié`,
      text: [
        `Le mot de passe de votre compte ${v.org} vient d'être modifié.`,
        `Si c'est vous, il n'y a rien d'autre à faire. ${helpdeskLine(v.helpdesk)}`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org} : le mot de passe de votre compte a été modifié. Si ce n'est pas vous, contactez vite votre support.`,
    voice: (v) =>
      `Bonjour. Ici ${v.org}. Le mot de passe de votre compte vient d'être modifié. ` +
      `Si ce n'est pas vous, contactez immédiatement votre support informatique. Au revoir.`,
  },
  account_unlocked: {
    email: (v) => ({
      subject: `Votre compte ${v.org} a été déverrouillé`,
      text: [
        `Votre compte ${v.org} vient d'être déverrouillé en libre-service. Votre mot de passe n'a pas changé.`,
        `Si c'est vous, il n'y a rien d'autre à faire. ${helpdeskLine(v.helpdesk)}`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org} : votre compte a été déverrouillé. Si ce n'est pas vous, contactez vite votre support.`,
    voice: (v) =>
      `Bonjour. Ici ${v.org}. Votre compte vient d'être déverrouillé. ` +
      `Si ce n'est pas vous, contactez immédiatement votre support informatique. Au revoir.`,
  },
  contact_changed: {
    email: (v) => ({
      subject: `Vos informations de réinitialisation ${v.org} ont changé`,
      text: [
        `Les informations de réinitialisation de mot de passe de votre compte ${v.org} ont changé :`,
        `    ${changeLine(v)}`,
        `Si c'est vous, il n'y a rien d'autre à faire. ${helpdeskLine(v.helpdesk)} ` +
          `Quelqu'un essaie peut-être de prendre le contrôle de votre compte.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org} : infos de secours modifiées (${smsChangeLine(v)}). Pas vous ? Contactez vite le support.`,
    voice: (v) =>
      `Bonjour. Ici ${v.org}. Les informations de réinitialisation de votre compte ont changé. ${changeLine(v, '')}. ` +
      `Si ce n'est pas vous, contactez immédiatement votre support informatique. Au revoir.`,
  },
  privileged_reset: {
    email: (v) => ({
      subject: `${v.org} : un compte privilégié a réinitialisé son mot de passe`,
      text: [
        `Un compte privilégié de ${v.org} vient de réinitialiser son mot de passe en libre-service.`,
        `Vous recevez cet avis en tant qu'autre administrateur. Consultez l'événement dans le journal d'audit${v.ref ? ` (référence ${v.ref})` : ''}. ` +
          `Si cette réinitialisation n'était pas prévue, traitez-la comme une possible prise de contrôle du compte.`,
        footer(v.org),
      ].join('\n\n'),
    }),
    sms: (v) =>
      `${v.org} : un compte privilégié vient de réinitialiser son mot de passe en libre-service. Consultez le journal d'audit.`,
    voice: (v) =>
      `Bonjour. Ici ${v.org}. Un compte privilégié vient de réinitialiser son mot de passe en libre-service. ` +
      `Veuillez consulter le journal d'audit. Au revoir.`,
  },
  rollout_coming_soon: {
    email: (v) => ({
      subject: `La réinitialisation de mot de passe en libre-service arrive chez ${v.org}`,
      text: [
        `${v.org} va bientôt mettre en place la réinitialisation de mot de passe en libre-service. Vous pourrez réinitialiser un mot de passe oublié ou débloquer votre compte vous-même, à tout moment et où que vous soyez, sans appeler le support informatique.`,
        `Pour l'utiliser, vous devrez d'abord enregistrer vos informations de récupération : un téléphone mobile, une adresse e-mail secondaire ou des questions de sécurité. Nous vous enverrons un autre message dès que ce sera possible.`,
        ...(v.url ? ['Pour en savoir plus :', `    ${v.url}`] : []),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
  rollout_available: {
    email: (v) => ({
      subject: `Vous pouvez désormais réinitialiser vous-même votre mot de passe ${v.org}`,
      text: [
        `La réinitialisation de mot de passe en libre-service est désormais disponible chez ${v.org}. Si vous oubliez votre mot de passe ou si votre compte est bloqué, vous pouvez le réinitialiser ou le débloquer vous-même, sans appeler le support informatique.`,
        ...registerNow(v),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
  rollout_reminder: {
    email: (v) => ({
      subject: `Rappel : inscrivez-vous à la réinitialisation de mot de passe ${v.org}`,
      text: [
        `Vous n'avez pas encore enregistré vos informations de récupération pour la réinitialisation de mot de passe en libre-service de ${v.org}. Sans elles, vous ne pourrez ni réinitialiser un mot de passe oublié ni débloquer votre compte vous-même, et vous devrez appeler le support informatique.`,
        ...registerNow(v),
        rolloutNoPassword(v.org),
        rolloutHelp(v.helpdesk),
        footer(v.org),
      ].join('\n\n'),
    }),
  },
};
