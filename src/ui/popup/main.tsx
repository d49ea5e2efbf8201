import { mountChat } from '../components/mount-chat';
import '../components/theme.css';

mountChat('popup', document.getElementById('app')!);
