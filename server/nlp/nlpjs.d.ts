/**
 * The small part of NLP.js (MIT, plain JavaScript without type definitions) that server/nlp uses.
 * Example: `const nlp = new Nlp({ container, languages: ['en'], autoSave: false, autoLoad: false });`
 */
declare module '@nlpjs/core' {
  /** NLP.js dependency-injection container: language packs and pipeline steps register here. */
  export interface NlpjsContainer {
    use(plugin: unknown): void;
    register(name: string, value: unknown, isSingleton?: boolean): void;
    get(name: string): unknown;
    registerConfiguration(tag: string, configuration: Record<string, unknown>, override?: boolean): void;
  }
  export function containerBootstrap(): NlpjsContainer;
}

declare module '@nlpjs/nlp' {
  import type { NlpjsContainer } from '@nlpjs/core';
  /** One scored intent as NLP.js reports it; "None" is its built-in "not understood". */
  export interface NlpjsClassification {
    intent: string;
    score: number;
  }
  export interface NlpjsNluAnswer {
    locale: string;
    classifications: NlpjsClassification[];
  }
  export interface NlpjsSettings {
    container: NlpjsContainer;
    languages?: string[];
    autoSave?: boolean;
    autoLoad?: boolean;
    threshold?: number;
    calculateSentiment?: boolean;
    nlu?: Record<string, unknown>;
  }
  export class Nlp {
    constructor(settings: NlpjsSettings);
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    export(minified?: boolean): string;
    import(data: string): void;
    nluManager: {
      process(locale: string, utterance: string): Promise<NlpjsNluAnswer>;
    };
  }
}

declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-fr' {
  export const LangFr: unknown;
}
declare module '@nlpjs/lang-pt' {
  export const LangPt: unknown;
}
