import { mountChat } from '../components/mount-chat';
import '../components/theme.css';

void mountChat('popup', document.getElementById('app')!);
