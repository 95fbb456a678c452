/** People: named officials found in a sentence, with the role that introduces them. */
import { describe, expect, it } from 'vitest';
import { findPeople } from '#commons/extraction/people.ts';

const people = (text: string) => findPeople(text).map((m) => [m.person.name, m.person.role ?? null]);

describe('military and religious titles', () => {
  it('keeps a title of several words out of the name', () => {
    expect(people('Air Chief Marshal Tomas Verhoeven ordered the units to hold their fire.')).toEqual([['Tomas Verhoeven', 'Air Chief Marshal']]);
    expect(people('Field Marshal Ilias Marandu inspected the line.')).toEqual([['Ilias Marandu', 'Field Marshal']]);
  });

  it('finds clergy and guerrilla commanders by their titles', () => {
    expect(people('The talks were chaired by Archbishop Paulo Mendes and attended by Subcomandante Rubén.')).toEqual([
      ['Paulo Mendes', 'Archbishop'],
      ['Rubén', 'Subcomandante'],
    ]);
  });
});

describe('name particles', () => {
  it('keeps a Spanish double surname joined by y whole', () => {
    expect(people('Ambassador Luis Ortega y Gasset said the guns were silent.')).toEqual([['Luis Ortega y Gasset', 'Ambassador']]);
  });
});
