import { describe } from 'vitest';

import { defineTemplateCases } from './template-cases.js';

describe('formats/marathon-template fixtures', () => {
  defineTemplateCases('marathon-template');
});
