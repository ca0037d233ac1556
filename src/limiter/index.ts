// Public exports of src/limiter/ (owned by the limiter work).
export {};
