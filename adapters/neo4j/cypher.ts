// Every Cypher statement the Neo4j RecommendationGraph sends (SPEC §3.5), in one place so a test
// can lint them all. Values always travel as parameters; every data statement is scoped by $companyId.

// Schema. The uniqueness constraints back MERGE with a composite index; the companyId indexes
// serve the scans of a whole company (popular, clearCompany), which a composite index cannot.

export const USER_KEY = 'CREATE CONSTRAINT user_key IF NOT EXISTS FOR (n:User) REQUIRE (n.companyId, n.id) IS UNIQUE';
export const PRODUCT_KEY = 'CREATE CONSTRAINT product_key IF NOT EXISTS FOR (n:Product) REQUIRE (n.companyId, n.id) IS UNIQUE';
export const CATEGORY_KEY = 'CREATE CONSTRAINT category_key IF NOT EXISTS FOR (n:Category) REQUIRE (n.companyId, n.id) IS UNIQUE';
export const INTEREST_KEY =
  'CREATE CONSTRAINT interest_key IF NOT EXISTS FOR (n:Interest) REQUIRE (n.companyId, n.dimension, n.key) IS UNIQUE';
export const USER_COMPANY_INDEX = 'CREATE INDEX user_company IF NOT EXISTS FOR (n:User) ON (n.companyId)';
export const PRODUCT_COMPANY_INDEX = 'CREATE INDEX product_company IF NOT EXISTS FOR (n:Product) ON (n.companyId)';
export const CATEGORY_COMPANY_INDEX = 'CREATE INDEX category_company IF NOT EXISTS FOR (n:Category) ON (n.companyId)';
export const INTEREST_COMPANY_INDEX = 'CREATE INDEX interest_company IF NOT EXISTS FOR (n:Interest) ON (n.companyId)';

/** Schema commands take no parameters: they are scoped by carrying companyId in every key instead. */
const SCHEMA = {
  USER_KEY,
  PRODUCT_KEY,
  CATEGORY_KEY,
  INTEREST_KEY,
  USER_COMPANY_INDEX,
  PRODUCT_COMPANY_INDEX,
  CATEGORY_COMPANY_INDEX,
  INTEREST_COMPANY_INDEX,
};
export const SCHEMA_STATEMENTS: readonly string[] = Object.values(SCHEMA);

// Writes: one row per item, `UNWIND $rows`.

/** rows: {id, name} */
export const UPSERT_CATEGORIES = `
UNWIND $rows AS row
MERGE (c:Category {companyId: $companyId, id: row.id})
SET c.name = row.name`;

/** rows: {id, available}. Drops the category and trait edges that the next two statements write anew. */
export const UPSERT_PRODUCTS = `
UNWIND $rows AS row
MERGE (p:Product {companyId: $companyId, id: row.id})
SET p.available = row.available
WITH p
OPTIONAL MATCH (p)-[old:BELONGS_TO|HAS_TRAIT]->()
DELETE old`;

/** rows: {productId, categoryId}. A category not upserted yet gets its node now and its name later. */
export const LINK_PRODUCT_CATEGORIES = `
UNWIND $rows AS row
MATCH (p:Product {companyId: $companyId, id: row.productId})
MERGE (c:Category {companyId: $companyId, id: row.categoryId})
MERGE (p)-[:BELONGS_TO]->(c)`;

/** rows: {productId, dimension, key, value, position}. The edge keeps the product's own spelling and order. */
export const ADD_PRODUCT_TRAITS = `
UNWIND $rows AS row
MATCH (p:Product {companyId: $companyId, id: row.productId})
MERGE (t:Interest {companyId: $companyId, dimension: row.dimension, key: row.key})
ON CREATE SET t.value = row.value
CREATE (p)-[:HAS_TRAIT {value: row.value, position: row.position}]->(t)`;

/** rows: {userId, productId, count, lastAt}, count > 0. A product first seen in a purchase is not orderable. */
export const SET_PURCHASES = `
UNWIND $rows AS row
MERGE (u:User {companyId: $companyId, id: row.userId})
MERGE (p:Product {companyId: $companyId, id: row.productId})
ON CREATE SET p.available = false
MERGE (u)-[r:PURCHASED]->(p)
SET r.count = row.count, r.lastAt = row.lastAt`;

/** rows: {userId, productId} */
export const REMOVE_PURCHASES = `
UNWIND $rows AS row
MATCH (:User {companyId: $companyId, id: row.userId})-[r:PURCHASED]->(:Product {companyId: $companyId, id: row.productId})
DELETE r`;

export const CLEAR_INTERESTS = `
MATCH (:User {companyId: $companyId, id: $userId})-[r:INTERESTED_IN]->()
DELETE r`;

/** rows: {dimension, key, value, weight, position}. The edge keeps the user's own spelling and order. */
export const ADD_INTERESTS = `
MERGE (u:User {companyId: $companyId, id: $userId})
WITH u
UNWIND $rows AS row
MERGE (t:Interest {companyId: $companyId, dimension: row.dimension, key: row.key})
ON CREATE SET t.value = row.value
CREATE (u)-[:INTERESTED_IN {weight: row.weight, value: row.value, position: row.position}]->(t)`;

// clearCompany: one label at a time, $batchSize nodes per transaction, until a batch comes back short.
// Users go first so that their purchase and interest edges leave with them.

/** Labels are not parameters, so each label gets a statement of its own from this one shape. */
const deleteBatchOf = (label: 'User' | 'Product' | 'Category' | 'Interest') => `
MATCH (n:${label} {companyId: $companyId})
WITH n LIMIT $batchSize
DETACH DELETE n
RETURN count(*) AS deleted`;

export const DELETE_USERS = deleteBatchOf('User');
export const DELETE_PRODUCTS = deleteBatchOf('Product');
export const DELETE_CATEGORIES = deleteBatchOf('Category');
export const DELETE_INTERESTS = deleteBatchOf('Interest');

// Reads. Each returns one row per candidate, ordered by an approximate score and cut at $fetch; the
// adapter recomputes the exact score from the returned terms (see the port for the definitions).

/** Available products by buyers, without the user's own purchases. */
export const POPULAR = `
MATCH (p:Product {companyId: $companyId, available: true})
WHERE NOT EXISTS { (:User {companyId: $companyId, id: $userId})-[:PURCHASED]->(p) }
WITH p, COUNT { (p)<-[:PURCHASED]-() } AS buyers
RETURN p.id AS productId, buyers
ORDER BY buyers DESC, productId ASC
LIMIT $fetch`;

/** Per candidate q: one term per product p the user bought that other buyers bought with q. */
export const CO_PURCHASES = `
MATCH (u:User {companyId: $companyId, id: $userId})-[:PURCHASED]->(p:Product)
WITH u, p, COUNT { (p)<-[:PURCHASED]-() } AS viaBuyers
CALL (u, p) {
  MATCH (p)<-[r:PURCHASED]-(other:User)
  WHERE other <> u
  WITH other, r ORDER BY r.lastAt DESC, other.id ASC LIMIT $buyerSample
  RETURN other
}
MATCH (other)-[:PURCHASED]->(q:Product {available: true})
WHERE NOT EXISTS { (u)-[:PURCHASED]->(q) }
WITH p, viaBuyers, q, count(other) AS together
WITH p, viaBuyers, q, together, COUNT { (q)<-[:PURCHASED]-() } AS buyers
WITH q, buyers,
     collect({via: p.id, together: together, viaBuyers: viaBuyers}) AS terms,
     sum(toFloat(together) / sqrt(toFloat(viaBuyers) * buyers)) AS score
RETURN q.id AS productId, buyers, terms
ORDER BY score DESC, buyers DESC, productId ASC
LIMIT $fetch`;

/** Per candidate: an interest term per matched interest, and a category term for a purchased category. */
export const INTEREST_MATCHES = `
MATCH (u:User {companyId: $companyId, id: $userId})
CALL (u) {
  MATCH (u)-[i:INTERESTED_IN]->(t:Interest)<-[:HAS_TRAIT]-(q:Product {available: true})
  WHERE i.weight > 0
  RETURN q, {kind: 'interest', dimension: t.dimension, value: i.value, weight: i.weight, position: i.position} AS term
  UNION ALL
  MATCH (u)-[:PURCHASED]->(bought:Product)
  WITH count(bought) AS total, collect(bought) AS purchased
  UNWIND purchased AS b
  MATCH (b)-[:BELONGS_TO]->(c:Category)
  WITH c, total, count(b) AS inCategory
  MATCH (c)<-[:BELONGS_TO]-(q:Product {available: true})
  RETURN q, {kind: 'category', categoryId: c.id, name: coalesce(c.name, c.id), inCategory: inCategory, total: total,
             weight: $categoryWeight * inCategory / total} AS term
}
WITH u, q, collect(term) AS terms, sum(term.weight) AS score
WHERE NOT EXISTS { (u)-[:PURCHASED]->(q) }
WITH q, terms, score, COUNT { (q)<-[:PURCHASED]-() } AS buyers
RETURN q.id AS productId, buyers, terms
ORDER BY score DESC, buyers DESC, productId ASC
LIMIT $fetch`;

/** Per candidate: how many buyers of the source bought it too, and the source's traits it shares. */
export const SIMILAR = `
MATCH (s:Product {companyId: $companyId, id: $productId})
WITH s, COUNT { (s)<-[:PURCHASED]-() } AS sourceBuyers
CALL (s) {
  MATCH (s)<-[r:PURCHASED]-(other:User)
  WITH other, r ORDER BY r.lastAt DESC, other.id ASC LIMIT $buyerSample
  MATCH (other)-[:PURCHASED]->(q:Product {available: true})
  WHERE q <> s
  RETURN q, count(*) AS together, null AS trait
  UNION ALL
  MATCH (s)-[st:HAS_TRAIT]->(t:Interest)<-[:HAS_TRAIT]-(q:Product {available: true})
  WHERE q <> s
  RETURN q, 0 AS together, {dimension: t.dimension, value: st.value, position: st.position} AS trait
}
WITH sourceBuyers, q, sum(together) AS together, collect(trait) AS traits
WITH sourceBuyers, q, together, traits, COUNT { (q)<-[:PURCHASED]-() } AS buyers
WITH sourceBuyers, q, together, traits, buyers,
     CASE WHEN together > 0 THEN toFloat(together) / sqrt(toFloat(sourceBuyers) * buyers) ELSE 0.0 END + $traitWeight * size(traits) AS score
RETURN q.id AS productId, buyers, together, sourceBuyers, traits
ORDER BY score DESC, buyers DESC, productId ASC
LIMIT $fetch`;

/** Every statement the adapter can send, by name. */
export const ALL_STATEMENTS: Readonly<Record<string, string>> = {
  ...SCHEMA,
  UPSERT_CATEGORIES,
  UPSERT_PRODUCTS,
  LINK_PRODUCT_CATEGORIES,
  ADD_PRODUCT_TRAITS,
  SET_PURCHASES,
  REMOVE_PURCHASES,
  CLEAR_INTERESTS,
  ADD_INTERESTS,
  DELETE_USERS,
  DELETE_PRODUCTS,
  DELETE_CATEGORIES,
  DELETE_INTERESTS,
  POPULAR,
  CO_PURCHASES,
  INTEREST_MATCHES,
  SIMILAR,
};
