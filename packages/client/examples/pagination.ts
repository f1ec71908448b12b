import { createPartneroClient } from '@partnero-ts/client';

const partnero = createPartneroClient();

// Every partner, page after page (page and limit are Partnero's query parameters).
for await (const partner of partnero.paginate('/partners', { params: { query: { limit: 250 } } })) {
  console.log(partner.id, partner.email); // typed as the list item of GET /partners
}

// Whole pages, with their links and meta.
for await (const page of partnero.paginate('/partners').pages()) {
  console.log(page.meta.current_page, page.data.length);
}
