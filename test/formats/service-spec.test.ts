import { describe } from 'vitest';

import { defineTemplateCases } from './template-cases.js';

describe('formats/service-spec fixtures', () => {
  defineTemplateCases('service-spec');
});
