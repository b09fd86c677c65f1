import type { PoliceUkType } from './police-uk-types.ts';

/** A Home Office offence classification code and where it sits in both taxonomies. */
export interface OffenceCode {
  /** Home Office offence code, e.g. "28E" (burglary - residential). */
  code: string;
  description: string;
  /** Home Office offence group, e.g. "Theft offences". */
  group: string;
  /** Home Office offence sub-group, e.g. "Domestic burglary". */
  subgroup: string;
  /** The data.police.uk crime type the code is published under. */
  policeUkType: PoliceUkType;
}

type Entry = readonly [code: string, description: string];

function block(group: string, subgroup: string, policeUkType: PoliceUkType, entries: readonly Entry[]): OffenceCode[] {
  return entries.map(([code, description]) => ({ code, description, group, subgroup, policeUkType }));
}

const VAP = 'Violence against the person';
const SEX = 'Sexual offences';
const THEFT = 'Theft offences';
const CDA = 'Criminal damage and arson';
const MISC = 'Miscellaneous crimes against society';
const VSO: PoliceUkType = 'Violence and sexual offences';

/**
 * The default taxonomy, loaded into `offence_codes` when a store is created: the notifiable
 * offences of the Home Office Counting Rules (HOCR) that police forces record, grouped as the
 * Home Office and ONS publish them (offence group → sub-group), with the data.police.uk crime
 * type each is published under.
 *
 * Codes retired by reclassifications are kept (extracts spanning several years still carry
 * them): the pre-2017 dwelling burglary codes 28A-28D, 29, 30A/30B and 31 beside their
 * successors 28E-28H, 29A, 30C/30D and 31A; the pre-2012 assault codes 5A-5C and 8F-8K; the
 * by-target racially or religiously aggravated criminal damage codes 58E-58H beside 58J.
 * Harassment (8L, 8M) sits in "Stalking and harassment" as ONS has grouped it since 2017/18.
 * A partner's own codes can be added to `offence_codes` under another batch; they take
 * precedence over these.
 */
export const OFFENCE_CODES: readonly OffenceCode[] = [
  ...block(VAP, 'Homicide', VSO, [
    ['1', 'Murder'],
    ['4.1', 'Manslaughter'],
    ['4.2', 'Infanticide'],
    ['4.10', 'Corporate manslaughter'],
  ]),
  ...block(VAP, 'Death or serious injury caused by unlawful driving', VSO, [
    ['4.4', 'Causing death or serious injury by dangerous driving'],
    ['4.6', 'Causing death by careless driving when under the influence of drink or drugs'],
    ['4.8', 'Causing death by careless or inconsiderate driving'],
    ['4.9', 'Causing death or serious injury by driving: unlicensed, disqualified or uninsured drivers'],
    ['37.1', 'Causing death by aggravated vehicle taking'],
  ]),
  ...block(VAP, 'Violence with injury', VSO, [
    ['2', 'Attempted murder'],
    ['4.3', 'Intentional destruction of a viable unborn child'],
    ['4.7', 'Causing or allowing death or serious physical harm of a child or vulnerable person'],
    ['5A', 'Inflicting grievous bodily harm (GBH) with intent'],
    ['5B', 'Use of substance or object to endanger life'],
    ['5C', 'Possession of items to endanger life'],
    ['5D', 'Assault with intent to cause serious harm'],
    ['5E', 'Endangering life'],
    ['8F', 'Inflicting grievous bodily harm (GBH) without intent'],
    ['8G', 'Actual bodily harm (ABH) and other injury'],
    ['8H', 'Racially or religiously aggravated inflicting GBH without intent'],
    ['8J', 'Racially or religiously aggravated ABH or other injury'],
    ['8K', 'Poisoning or female genital mutilation'],
    ['8N', 'Assault with injury'],
    ['8P', 'Racially or religiously aggravated assault with injury'],
    ['8S', 'Assault with injury on a constable'],
    ['8T', 'Assault with injury on an emergency worker (other than a constable)'],
  ]),
  ...block(VAP, 'Violence without injury', VSO, [
    ['3A', 'Conspiracy to murder'],
    ['3B', 'Threats to kill'],
    ['11A', 'Cruelty to children/young persons'],
    ['12', 'Abandoning a child under the age of two years'],
    ['13', 'Child abduction'],
    ['14', 'Procuring illegal abortion'],
    ['36', 'Kidnapping'],
    ['104', 'Assault without injury on a constable'],
    ['105A', 'Assault without injury'],
    ['105B', 'Racially or religiously aggravated assault without injury'],
    ['105C', 'Assault without injury on an emergency worker (other than a constable)'],
    ['106', 'Modern slavery'],
  ]),
  ...block(VAP, 'Stalking and harassment', VSO, [
    ['8L', 'Harassment'],
    ['8M', 'Racially or religiously aggravated harassment'],
    ['8Q', 'Stalking'],
    ['8R', 'Malicious communications'],
    ['8U', 'Controlling or coercive behaviour'],
  ]),
  ...block(SEX, 'Rape', VSO, [
    ['19C', 'Rape of a female aged 16 and over'],
    ['19D', 'Rape of a female child under 16'],
    ['19E', 'Rape of a female child under 13'],
    ['19F', 'Rape of a male aged 16 and over'],
    ['19G', 'Rape of a male child under 16'],
    ['19H', 'Rape of a male child under 13'],
  ]),
  ...block(SEX, 'Other sexual offences', VSO, [
    ['17A', 'Sexual assault on a male aged 13 and over'],
    ['17B', 'Sexual assault on a male child under 13'],
    ['20A', 'Sexual assault on a female aged 13 and over'],
    ['20B', 'Sexual assault on a female child under 13'],
    ['21', 'Sexual activity involving a child under 13'],
    ['22A', 'Causing sexual activity without consent'],
    ['22B', 'Sexual activity involving a child under 16'],
    ['23', 'Incest or familial sexual offences'],
    ['70', 'Sexual activity etc. with a person with a mental disorder'],
    ['71', 'Abuse of children through sexual exploitation'],
    ['72', 'Trafficking for sexual exploitation'],
    ['73', 'Abuse of position of trust of a sexual nature'],
    ['88A', 'Sexual grooming'],
    ['88C', 'Other miscellaneous sexual offences'],
    ['88D', 'Unnatural sexual offences'],
    ['88E', 'Exposure and voyeurism'],
  ]),
  ...block('Robbery', 'Robbery', 'Robbery', [
    ['34A', 'Robbery of business property'],
    ['34B', 'Robbery of personal property'],
  ]),
  ...block(THEFT, 'Domestic burglary', 'Burglary', [
    ['28A', 'Burglary in a dwelling'],
    ['28B', 'Attempted burglary in a dwelling'],
    ['28C', 'Distraction burglary in a dwelling'],
    ['28D', 'Attempted distraction burglary in a dwelling'],
    ['29', 'Aggravated burglary in a dwelling'],
  ]),
  ...block(THEFT, 'Residential burglary', 'Burglary', [
    ['28E', 'Burglary - Residential'],
    ['28F', 'Attempted burglary - Residential'],
    ['28G', 'Distraction burglary - Residential'],
    ['28H', 'Attempted distraction burglary - Residential'],
    ['29A', 'Aggravated burglary - Residential'],
  ]),
  ...block(THEFT, 'Non-domestic burglary', 'Burglary', [
    ['30A', 'Burglary in a building other than a dwelling'],
    ['30B', 'Attempted burglary in a building other than a dwelling'],
    ['31', 'Aggravated burglary in a building other than a dwelling'],
  ]),
  ...block(THEFT, 'Business and community burglary', 'Burglary', [
    ['30C', 'Burglary - Business and Community'],
    ['30D', 'Attempted burglary - Business and Community'],
    ['31A', 'Aggravated burglary - Business and Community'],
  ]),
  ...block(THEFT, 'Vehicle offences', 'Vehicle crime', [
    ['37.2', 'Aggravated vehicle taking'],
    ['45', 'Theft from a vehicle'],
    ['48', 'Theft or unauthorised taking of a motor vehicle'],
    ['126', 'Interfering with a motor vehicle'],
  ]),
  ...block(THEFT, 'Theft from the person', 'Theft from the person', [['39', 'Theft from the person']]),
  ...block(THEFT, 'Bicycle theft', 'Bicycle theft', [['44', 'Theft or unauthorised taking of a pedal cycle']]),
  ...block(THEFT, 'Shoplifting', 'Shoplifting', [['46', 'Shoplifting']]),
  ...block(THEFT, 'All other theft offences', 'Other theft', [
    ['35', 'Blackmail'],
    ['40', 'Theft in a dwelling other than from an automatic machine or meter'],
    ['41', 'Theft by an employee'],
    ['42', 'Theft of mail'],
    ['43', 'Dishonest use of electricity'],
    ['47', 'Theft from an automatic machine or meter'],
    ['49', 'Other theft'],
    ['49A', 'Making off without payment'],
  ]),
  ...block(CDA, 'Arson', 'Criminal damage and arson', [
    ['56A', 'Arson endangering life'],
    ['56B', 'Arson not endangering life'],
  ]),
  ...block(CDA, 'Criminal damage', 'Criminal damage and arson', [
    ['58A', 'Criminal damage to a dwelling'],
    ['58B', 'Criminal damage to a building other than a dwelling'],
    ['58C', 'Criminal damage to a vehicle'],
    ['58D', 'Other criminal damage'],
    ['58E', 'Racially or religiously aggravated criminal damage to a dwelling'],
    ['58F', 'Racially or religiously aggravated criminal damage to a building other than a dwelling'],
    ['58G', 'Racially or religiously aggravated criminal damage to a vehicle'],
    ['58H', 'Racially or religiously aggravated other criminal damage'],
    ['58J', 'Racially or religiously aggravated criminal damage'],
  ]),
  ...block('Drug offences', 'Trafficking of drugs', 'Drugs', [['92A', 'Trafficking in controlled drugs']]),
  ...block('Drug offences', 'Possession of drugs', 'Drugs', [
    ['92C', 'Other drug offences'],
    ['92D', 'Possession of controlled drugs (excluding cannabis)'],
    ['92E', 'Possession of controlled drugs (cannabis)'],
  ]),
  ...block('Possession of weapons offences', 'Possession of weapons offences', 'Possession of weapons', [
    ['10A', 'Possession of firearms with intent'],
    ['10B', 'Possession of firearms offences'],
    ['10C', 'Possession of other weapons'],
    ['10D', 'Possession of article with blade or point'],
    ['81', 'Other firearms offences'],
    ['90', 'Other knives offences'],
  ]),
  ...block('Public order offences', 'Public order offences', 'Public order', [
    ['9A', 'Public fear, alarm or distress'],
    ['9B', 'Racially or religiously aggravated public fear, alarm or distress'],
    ['62A', 'Violent disorder'],
    ['66', 'Other offences against the State or public order'],
  ]),
  ...block(MISC, 'Miscellaneous crimes against society', 'Other crime', [
    ['15', 'Concealing an infant death close to birth'],
    ['24', 'Exploitation of prostitution'],
    ['26', 'Bigamy'],
    ['27', 'Soliciting for the purposes of prostitution'],
    ['33', 'Going equipped for stealing, etc.'],
    ['33A', 'Making, supplying or possessing articles for use in fraud'],
    ['38', 'Profiting from or concealing knowledge of the proceeds of crime'],
    ['54', 'Handling stolen goods'],
    ['59', 'Threat or possession with intent to commit criminal damage'],
    ['60', 'Forgery or use of false drug prescription'],
    ['61', 'Other forgery'],
    ['61A', 'Possession of false documents'],
    ['67', 'Perjury'],
    ['69', 'Offender Management Act offences'],
    ['76', 'Aiding suicide'],
    ['79', 'Perverting the course of justice'],
    ['80', 'Absconding from lawful custody'],
    ['83', 'Bail offences'],
    ['86', 'Obscene publications etc.'],
    ['95', 'Disclosure, obstruction, false or misleading statements etc.'],
    ['96', 'Wildlife crime'],
    ['99', 'Other notifiable offences'],
    ['802', 'Dangerous driving'],
    ['814', 'Fraud, forgery etc. associated with vehicle or driver records'],
  ]),
];
