import { listsOverHttp } from './lists-suite';

listsOverHttp('pglite');
