/** The UI's languages. */
export type Lang = 'nb' | 'en';

/** nb, nn and no all mean a Norwegian reader; bokmål is the Norwegian we have. */
export function langFromNavigator(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'nb' || primary === 'nn' || primary === 'no') return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
