import {
  type ApplicationConfig,
  DOCUMENT,
  inject,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { MIRO_CONFIG, miroConfigFromQuery } from './miro-config';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    {
      provide: MIRO_CONFIG,
      useFactory: () => miroConfigFromQuery(inject(DOCUMENT).location.search),
    },
  ],
};
