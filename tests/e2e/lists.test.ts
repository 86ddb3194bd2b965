import { listsOverHttp } from './lists-suite';

listsOverHttp('memory');
