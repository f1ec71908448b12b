// List every partner of the program, page after page, with one loop.
import { createPartneroClient } from '@partnero-ts/client';

const partnero = createPartneroClient();

let count = 0;
for await (const partner of partnero.paginate('/partners', { params: { query: { limit: 250 } } })) {
  count += 1;
  console.log(`${partner.id}\t${partner.email}\t${partner.status}`);
}
console.log(`partners: ${count}`);
