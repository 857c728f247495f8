import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A deterministic sales table: the same file on every machine for the same ROWS. */
export async function generateSales(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const regions = ['North', 'South', 'East', 'West', 'Central'];
  const categories = ['Electronics', 'Furniture', 'Office Supplies', 'Clothing'];
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  let chunk = 'order_id,order_date,region,product,category,quantity,unit_price,revenue,customer_type\n';
  for (let i = 1; i <= rows; i += 1) {
    const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 1_095) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const quantity = 1 + Math.floor(random() * 20);
    const price = 5 + random() * 495;
    chunk += `ORD-${String(i).padStart(8, '0')},${day},${regions[i % 5]},Product ${1 + Math.floor(random() * 50)},${categories[i % 4]},${quantity},${price.toFixed(2)},${(quantity * price).toFixed(2)},${random() < 0.3 ? 'Business' : 'Consumer'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
