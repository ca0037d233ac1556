import { provideHttpClient } from '@angular/common/http';
import {
  type ApplicationConfig,
  DOCUMENT,
  inject,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { provideMiroApi, withHttpClient } from 'miro-rx/angular';
import { MIRO_CONFIG, miroConfigFromQuery } from './miro-config';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    {
      provide: MIRO_CONFIG,
      useFactory: () => miroConfigFromQuery(inject(DOCUMENT).location.search),
    },
    provideHttpClient(),
    // `inject(MiroApi)` anywhere in the app; every call goes through HttpClient and its interceptors.
    provideMiroApi(() => {
      const { baseUrl, accessToken } = inject(MIRO_CONFIG);
      return { baseUrl, accessToken };
    }, withHttpClient()),
  ],
};
