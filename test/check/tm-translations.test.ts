/**
 * Earlier translations of the checked sources: looked up in the TM index for a few sources, read
 * from the whole TM for many; both give the same translations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_LOOKUP_UNITS, tmTranslations } from '../../src/check/run.js';
import { openDb, type Db } from '../../src/store/db.js';
import { insertTUs } from '../../src/store/tus.js';
import { tempDbUrl } from '../helpers/cli.js';

const tu = (source: string, target: string, srcLang = 'zh-TW', tgtLang = 'en-US') => ({ srcLang, tgtLang, source, target });
let db: Db;
beforeAll(async () => {
  db = await openDb(tempDbUrl());
  await db.write((tx) => insertTUs(tx, [
    tu('請重新啟動伺服器。', 'Please restart the server.'),
    tu('請重新啟動伺服器。', 'Please reboot the server.'),
    tu('請重新啟動伺服器', 'Restart the server'),
    tu('請重新啟動伺服器。', 'Bitte starten Sie den Server neu.', 'zh-TW', 'de-DE'),
    tu('Please restart the server.', '請重新啟動伺服器。', 'en-US', 'zh-TW'),
    tu('伺服器已經停止。', 'The server has stopped.'),
  ]));
});
afterAll(() => db.close());

describe('earlier translations of the checked sources', () => {
  const wanted = { id: 'a', source: ' 請重新啟動伺服器。 ', target: '' };
  it('from the TM index: every unit of the same source (white space and end punctuation aside) and language pair, none other', async () => {
    const got = await tmTranslations(db, { srcLang: 'zh-TW', tgtLang: 'en-US', units: [wanted] });
    expect([...got.values()].flat().map((t) => t.target)).toEqual(['Please restart the server.', 'Please reboot the server.', 'Restart the server']);
  });

  it('the same when the whole TM is read for many sources', async () => {
    const many = [wanted, ...Array.from({ length: TM_LOOKUP_UNITS + 1 }, (_, i) => ({ id: `p${i}`, source: `第${i}句。`, target: '' }))];
    const scan = await tmTranslations(db, { srcLang: 'zh-TW', tgtLang: 'en-US', units: many });
    const index = await tmTranslations(db, { srcLang: 'zh-TW', tgtLang: 'en-US', units: [wanted] });
    expect(scan).toEqual(index);
  });
});
