// Angular's packages ship partially compiled: their injectables are finished at run time by the
// JIT compiler, which must be loaded before any of them. Import this module first.
import '@angular/compiler';
