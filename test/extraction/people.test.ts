/** People: named officials found in a sentence, with the role that introduces them. */
import { describe, expect, it } from 'vitest';
import { extractEvents } from '#commons/extraction/index.ts';
import { findPeople, withFullNames } from '#commons/extraction/people.ts';
import { articleOf } from '../helpers/articles.ts';

const people = (text: string) => findPeople(text).map((m) => [m.person.name, m.person.role ?? null]);

describe('military and religious titles', () => {
  it('keeps a title of several words out of the name', () => {
    expect(people('Air Chief Marshal Tomas Verhoeven ordered the units to hold their fire.')).toEqual([['Tomas Verhoeven', 'Air Chief Marshal']]);
    expect(people('Field Marshal Ilias Marandu inspected the line.')).toEqual([['Ilias Marandu', 'Field Marshal']]);
  });

  it('reads abbreviated ranks of two words, leaving no abbreviation for a name', () => {
    expect(people('Col. Gen. Pavel Orlik said the convoy had crossed, and Rear Adm. Ines Koval said so too.')).toEqual([
      ['Pavel Orlik', 'Col. Gen.'],
      ['Ines Koval', 'Rear Adm.'],
    ]);
  });

  it('keeps a second title after the first out of the name', () => {
    expect(people('Prime Minister Sheikh Omar Saleh visited the front.')).toEqual([['Omar Saleh', 'Prime Minister']]);
  });

  it('finds clergy and guerrilla commanders by their titles', () => {
    expect(people('The talks were chaired by Archbishop Paulo Mendes and attended by Subcomandante Rubén.')).toEqual([
      ['Paulo Mendes', 'Archbishop'],
      ['Rubén', 'Subcomandante'],
    ]);
  });
});

describe('name particles', () => {
  it('keeps a Gulf name whole, with its capitalised Al', () => {
    expect(people('Prime Minister Sheikh Nasser bin Khalid Al Mansour said the deal was done.')).toEqual([['Nasser bin Khalid Al Mansour', 'Prime Minister']]);
  });

  it('keeps a Spanish double surname joined by y whole', () => {
    expect(people('Ambassador Luis Ortega y Gasset said the guns were silent.')).toEqual([['Luis Ortega y Gasset', 'Ambassador']]);
  });
});

describe('role words', () => {
  it('reads officials introduced as a vice-president, secretary, member or delegate', () => {
    expect(people('Maria Lindqvist, the vice-president of the interim council, met the envoys.')).toEqual([['Maria Lindqvist', 'vice-president']]);
    expect(people('Omar Haddou, the principal private secretary to the head of state, confirmed it.')).toEqual([['Omar Haddou', 'secretary']]);
    expect(people('Pedro Salgado, a member of the rebel directorate, rejected the draft.')).toEqual([['Pedro Salgado', 'member']]);
    expect(people('Talks resumed, according to Kofi Mensah, a delegate of the northern factions.')).toEqual([['Kofi Mensah', 'delegate']]);
  });

  it('keeps a hyphenated title out of the name', () => {
    expect(people('President-elect Ana Ferreira welcomed the truce.')).toEqual([['Ana Ferreira', 'President-elect']]);
  });
});

describe('bodies and outlets', () => {
  it('takes no person from a capitalised phrase ending with the noun of a body or an outlet', () => {
    expect(people('The Green House said the ceasefire would hold, and Valley News said so too.')).toEqual([]);
    expect(people('The Northern Defence Forces said they would withdraw.')).toEqual([]);
  });

  it('knows more bodies, outlets and documents by their last word, or by their name alone', () => {
    expect(people('The Coast Guard said, and Amnesty International said, that the Orthodox Church said nothing.')).toEqual([]);
    expect(people('Al Jazeera reported, Interfax reported and the Lakeside Journal reported that the Pentagon said so.')).toEqual([]);
  });
});

describe('a clause between the name and the verb of speech', () => {
  it('reads a person who speaks after a relative clause or as one of a group', () => {
    expect(people('Lena Moravec, who chairs the monitoring commission, said the guns had fallen silent.')).toEqual([['Lena Moravec', null]]);
    expect(people('Tariq Benali, one of the three rebel negotiators, told reporters the draft was unacceptable.')).toEqual([['Tariq Benali', null]]);
  });
});

describe('acronyms', () => {
  it('takes an acronym that speaks for an organisation, not a person', () => {
    expect(people('The NRLF said it would respect the truce, and Marta Quispe said so too.')).toEqual([['Marta Quispe', null]]);
  });
});

describe('places that speak', () => {
  it('takes a name right after a locative for a place, though no gazetteer knows it', () => {
    expect(people('Officials in Kalpurdi said the shelling had stopped.')).toEqual([]);
  });
});

describe('one person named twice', () => {
  it('takes a later mention by a name inside a full name for the same person, unless two full names have it', () => {
    const sentences = [
      'Commissioner Rafael Ibarra Montes met the rebels.',
      'Ibarra said talks would open on Monday.',
      'Envoy Lucía Ortiz Vega and Minister Jorge Ortiz Lara arrived later.',
      'Ortiz said the talks would go on.',
    ];
    const names = withFullNames(sentences.map((s) => findPeople(s))).map((found) => found.map((m) => m.person.name));
    expect(names).toEqual([['Rafael Ibarra Montes'], ['Rafael Ibarra Montes'], ['Lucía Ortiz Vega', 'Jorge Ortiz Lara'], ['Ortiz']]);
  });

  it('lists such a person once in an event', () => {
    const [event] = extractEvents(
      articleOf(
        'Colombian government and ELN agree ceasefire',
        'The Colombian government and the ELN agreed on Tuesday a ceasefire that takes effect on Friday, said Commissioner Rafael Ibarra Montes. Ibarra told reporters the truce would be monitored by the church.',
        '2026-03-04',
      ),
    );
    expect(event!.people.map((p) => p.name)).toEqual(['Rafael Ibarra Montes']);
  });
});

describe('places named like people', () => {
  it('takes a name that a place noun ends or follows for a place', () => {
    expect(people('The line runs along the Osogo River, the UN official said.')).toEqual([]);
    expect(people('Protests spread from the Sheikh Marwan neighbourhood, and Marta Quispe said talks were needed.')).toEqual([['Marta Quispe', null]]);
  });
});

describe('a person of a side', () => {
  it('reads a full name followed by "of" and a side the dictionary knows, or a body by its noun', () => {
    expect(findPeople('Ana Moreira of Eritrea and Jonas Kiprop of the Northern Liberation Front signed the accord.').map((m) => [m.person.name, m.person.actor ?? null])).toEqual([
      ['Ana Moreira', 'ER'],
      ['Jonas Kiprop', null],
    ]);
  });

  it('gives a person introduced by a title the side named after the name, unless the title is a former one', () => {
    const actors = (text: string) => findPeople(text).map((m) => [m.person.name, m.person.actor ?? null]);
    expect(actors('President Ana Moreira of Eritrea met the former president Jonas Kiprop of Kenya.')).toEqual([
      ['Ana Moreira', 'ER'],
      ['Jonas Kiprop', null],
    ]);
  });

  it('reads a name after a title and the side it is of, unless the title is a former one', () => {
    const actors = (text: string) => findPeople(text).map((m) => [m.person.name, m.person.role ?? null, m.person.actor ?? null]);
    expect(actors('The leader of Eritrea, Ana Moreira, met the former President of Kenya Jonas Kiprop.')).toEqual([
      ['Ana Moreira', 'leader', 'ER'],
      ['Jonas Kiprop', 'President', null],
    ]);
    expect(actors('The leader of Russia Today said so.')).toEqual([]);
  });

  it('does not give the next official the side of the one before a conjunction', () => {
    const actors = (text: string) => findPeople(text).map((m) => [m.person.name, m.person.actor ?? null]);
    expect(actors('President Ana Moreira of Eritrea and President Jonas Kiprop of Kenya signed the accord.')).toEqual([
      ['Ana Moreira', 'ER'],
      ['Jonas Kiprop', 'KE'],
    ]);
  });

  it('takes no title, single word, kingdom or sea for such a person', () => {
    expect(people('The Prime Minister of Eritrea, ships in the Gulf of Aden and the Hashemite Kingdom of Jordan.')).toEqual([]);
    expect(people('Sultan Haitham of Oman arrived.')).toEqual([['Haitham', 'Sultan']]);
  });
});

describe('honorifics', () => {
  it('keeps Mr, Dr or Father out of the name', () => {
    expect(people('Mr Halvorsen said the talks would resume, and Father Tomás Aguirre told the crowd to stay calm.')).toEqual([
      ['Halvorsen', null],
      ['Tomás Aguirre', null],
    ]);
  });
});
