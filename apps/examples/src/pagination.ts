import { createPartneroClient } from '@partnero-ts/client';

const partnero = createPartneroClient();

// Every partner, page after page (page and limit are Partnero's query parameters).
for await (const partner of partnero.paginate('/partners', { params: { query: { limit: 250 } } })) {
  console.log(partner.id, partner.email); // typed as the list item of GET /partners
}

// Whole pages, with their links and meta; at most 10 of them.
for await (const page of partnero.paginate('/partners', { maxPages: 10 }).pages()) {
  console.log(page.meta.current_page, page.data.length);
}

// The first 500 customers as an array, fetching only the pages they need.
const customers = await partnero
  .paginate('/customers', { params: { query: { limit: 250 } } })
  .toArray({ limit: 500 });
console.log(customers.length);
