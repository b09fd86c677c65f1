import assert from 'node:assert/strict';
import test from 'node:test';
import { clopperPearsonInterval, rateRatioInterval, wilsonInterval } from '../../../src/core/stats/index.ts';
import { assertClose } from './assert-close.ts';

test('wilsonInterval matches statsmodels proportion_confint(method="wilson")', () => {
  // [successes, n, confidence, lower, upper]
  // statsmodels 0.13.5: proportion_confint(successes, n, alpha=1 - confidence, method='wilson')
  const cases: [number, number, number, number, number][] = [
    [30, 52, 0.95, 0.4419432537390302, 0.7013194791649908],
    [0, 20, 0.95, 0, 0.16112515805281938],
    [20, 20, 0.95, 0.8388748419471806, 1],
    [1, 3, 0.9, 0.07826572633372836, 0.746466131718776],
    [412, 1187, 0.95, 0.3205445583607131, 0.3746289701461935],
    [7, 9, 0.99, 0.36453041217234045, 0.9552670337329567],
  ];
  for (const [x, n, conf, lower, upper] of cases) {
    const interval = wilsonInterval(x, n, conf);
    assertClose(interval.lower, lower, 1e-12, `lower(${x}/${n})`, 1e-12);
    assertClose(interval.upper, upper, 1e-12, `upper(${x}/${n})`);
  }
  assert.throws(() => wilsonInterval(3, 0), RangeError);
  assert.throws(() => wilsonInterval(5, 4), RangeError);
});

test('clopperPearsonInterval matches R binom.test()$conf.int and statsmodels method="beta"', () => {
  // [x, n, lower, upper]  R 4.2.2: binom.test(x, n)$conf.int (printed with %.17g)
  const cases: [number, number, number, number][] = [
    [0, 10, 0, 0.30849710781876083],
    [1, 10, 0.0025285785444617865, 0.44501611702819543],
    [7, 19, 0.16288587215509964, 0.61642207668559468],
    [10, 10, 0.69150289218123917, 1],
    [1, 1000000, 2.5317807663794211e-8, 5.5716306551722366e-6],
    [500, 1000, 0.46854917297179194, 0.53145082702820812],
    [999999, 1000000, 0.99999442836934482, 0.99999997468219237],
  ];
  for (const [x, n, lower, upper] of cases) {
    const interval = clopperPearsonInterval(x, n);
    assertClose(interval.lower, lower, 1e-11, `lower(${x}/${n})`);
    assertClose(interval.upper, upper, 1e-11, `upper(${x}/${n})`);
  }
  // statsmodels proportion_confint(7, 19, alpha=0.05, method='beta') → (0.16288587215509961, 0.6164220766855948)
  const sm = clopperPearsonInterval(7, 19);
  assertClose(sm.lower, 0.16288587215509961, 1e-11, 'sm lower');
  assertClose(sm.upper, 0.6164220766855948, 1e-11, 'sm upper');
});

test('rateRatioInterval matches R poisson.test(c(c1, c2), c(t1, t2))', () => {
  // [c1, t1, c2, t2, estimate, lower, upper]  R 4.2.2: poisson.test(c(c1, c2), c(t1, t2)) →
  // $estimate, $conf.int (printed with %.17g)
  const cases: [number, number, number, number, number | null, number, number][] = [
    [30, 1, 52, 1, 0.57692307692307687, 0.35533331742725266, 0.9213384831581477],
    [120, 1000, 95, 1000, 1.263157894736842, 0.95702771460214331, 1.6711719823582056],
    [10, 5, 0, 4, Infinity, 1.7932171800780463, Infinity],
    [0, 3, 12, 3, 0, 0, 0.35989381728770392],
    [450, 152000, 380, 149000, 1.1608379501385042, 1.0104133543809954, 1.3342113977099728],
    [3, 1.2, 7, 1, 0.35714285714285715, 0.059593500400905296, 1.564422866011683],
    [250000, 1, 251200, 1, 0.99522292993630568, 0.9897236583331448, 1.0007527393664168],
  ];
  for (const [c1, t1, c2, t2, estimate, lower, upper] of cases) {
    const rr = rateRatioInterval(c1, t1, c2, t2);
    assert.equal(rr.ratio === null, estimate === null);
    if (estimate !== null) assertClose(rr.ratio!, estimate, 1e-14, `ratio(${c1}, ${c2})`);
    assertClose(rr.lower, lower, 1e-10, `lower(${c1}, ${c2})`);
    assertClose(rr.upper, upper, 1e-10, `upper(${c1}, ${c2})`);
  }
  // poisson.test(c(450, 380), c(152000, 149000), conf.level = 0.9)$conf.int
  const ninety = rateRatioInterval(450, 152000, 380, 149000, 0.9);
  assertClose(ninety.lower, 1.0327751063336177, 1e-10, '90% lower');
  assertClose(ninety.upper, 1.3051148408858739, 1e-10, '90% upper');
  assert.deepEqual(rateRatioInterval(0, 1, 0, 1), { ratio: null, lower: 0, upper: Infinity });
});
