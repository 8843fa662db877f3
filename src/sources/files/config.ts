/** Config of the files source: a folder of CSV files. */
import * as v from 'valibot';

export const filesSourceSchema = v.strictObject({
  type: v.pipe(v.literal('files'), v.description('CSV files in a folder')),
  path: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.description('folder with the CSV files, relative to the config file')),
});
