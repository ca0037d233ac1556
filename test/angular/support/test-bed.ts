import './jit.js';
import { type EnvironmentProviders, type Provider, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';

let initialised = false;

/** A fresh TestBed with these providers (zoneless, as the example app is). */
export function configureTestBed(providers: Array<Provider | EnvironmentProviders>): void {
  if (!initialised) {
    TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), { teardown: { destroyAfterEach: true } });
    initialised = true;
  }
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), ...providers] });
}
