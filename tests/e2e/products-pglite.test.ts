import { productsOverHttp } from './products-suite';

productsOverHttp('pglite');
