import { productsOverHttp } from './products-suite';

productsOverHttp('memory');
