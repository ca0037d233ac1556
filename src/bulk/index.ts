// Public exports of src/bulk/ (owned by the bulk work).
export {};
