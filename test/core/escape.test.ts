import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeXml } from '../../src/core/escape.ts';

test('escapeXml escapes the five XML specials', () => {
  assert.equal(escapeXml(`<script>&"'`), '&lt;script&gt;&amp;&quot;&apos;');
  assert.equal(escapeXml('A & B'), 'A &amp; B');
});

test('escapeXml replaces characters XML cannot hold and keeps the rest', () => {
  assert.equal(escapeXml('a\u0000b\u0007c\tde\n'), 'a\uFFFDb\uFFFDc\tde\n');
  assert.equal(escapeXml('lone \uD800 surrogate'), 'lone \uFFFD surrogate');
  assert.equal(escapeXml('Ynys Môn 😀'), 'Ynys Môn 😀');
});

test('escapeXml turns null and numbers into text', () => {
  assert.equal(escapeXml(null), '');
  assert.equal(escapeXml(12.5), '12.5');
});
