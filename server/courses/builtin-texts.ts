/**
 * The few texts a compiled course flow needs that the trainer does not write: category names and the hint sent
 * when a reply is not an answer. Known languages have their own; others fall back to English.
 *
 *   builtinText('fra', 'choiceHint', { count: 3 })  // "Merci de répondre par un chiffre de 1 à 3."
 */
type Key = 'correct' | 'incorrect' | 'other' | 'noResponse' | 'passed' | 'failed' | 'due' | 'days' | 'hours' | 'minutes' | 'message' | 'timeUp' | 'choiceHint' | 'numberHint' | 'rightAnswer' | 'wellDone';

const TEXTS: Record<string, Record<Key, string>> = {
  eng: {
    correct: 'Correct', incorrect: 'Incorrect', other: 'Other', noResponse: 'No Response', passed: 'Passed', failed: 'Failed',
    due: 'Due', days: 'Days', hours: 'Hours', minutes: 'Minutes', message: 'Message', timeUp: 'Time Up',
    choiceHint: 'Please reply with a number from 1 to {count}.', numberHint: 'Please reply with a number.',
    wellDone: 'Correct!', rightAnswer: 'The right answer is: {answer}',
  },
  fra: {
    correct: 'Correct', incorrect: 'Incorrect', other: 'Autre', noResponse: 'Pas de réponse', passed: 'Réussi', failed: 'Échoué',
    due: 'À envoyer', days: 'Jours', hours: 'Heures', minutes: 'Minutes', message: 'Message', timeUp: 'Délai écoulé',
    choiceHint: 'Merci de répondre par un chiffre de 1 à {count}.', numberHint: 'Merci de répondre par un nombre.',
    wellDone: 'Bonne réponse !', rightAnswer: 'La bonne réponse est : {answer}',
  },
  swa: {
    correct: 'Sahihi', incorrect: 'Si sahihi', other: 'Nyingine', noResponse: 'Hakuna jibu', passed: 'Amefaulu', failed: 'Hajafaulu',
    due: 'Wakati', days: 'Siku', hours: 'Saa', minutes: 'Dakika', message: 'Ujumbe', timeUp: 'Muda umeisha',
    choiceHint: 'Tafadhali jibu kwa namba kutoka 1 hadi {count}.', numberHint: 'Tafadhali jibu kwa namba.',
    wellDone: 'Sahihi!', rightAnswer: 'Jibu sahihi ni: {answer}',
  },
  por: {
    correct: 'Correto', incorrect: 'Incorreto', other: 'Outro', noResponse: 'Sem resposta', passed: 'Aprovado', failed: 'Reprovado',
    due: 'Devido', days: 'Dias', hours: 'Horas', minutes: 'Minutos', message: 'Mensagem', timeUp: 'Tempo esgotado',
    choiceHint: 'Por favor responda com um número de 1 a {count}.', numberHint: 'Por favor responda com um número.',
    wellDone: 'Correto!', rightAnswer: 'A resposta certa é: {answer}',
  },
};

export type BuiltinKey = Key;

export function builtinText(language: string, key: Key, values: Record<string, string | number> = {}): string {
  const text = (TEXTS[language] ?? TEXTS.eng!)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
