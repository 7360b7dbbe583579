import { describe } from 'vitest';

import { defineTemplateCases } from './template-cases.js';

describe('formats/package-config fixtures', () => {
  defineTemplateCases('package-config');
});
